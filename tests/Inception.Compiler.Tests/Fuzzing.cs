namespace Inception.Compiler.Tests;

/// <summary>Small random edits of a .incept text, for the parser's and the formatter's fuzz tests.</summary>
internal static class Fuzzing
{
    /// <summary>One to three edits: a character deleted, inserted, replaced, or swapped with its neighbour.</summary>
    public static string Mutate(string text, Random random, string alphabet)
    {
        var chars = text.ToList();
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            var at = random.Next(chars.Count);
            switch (random.Next(4))
            {
                case 0:
                    chars.RemoveAt(at);
                    break;
                case 1:
                    chars.Insert(at, alphabet[random.Next(alphabet.Length)]);
                    break;
                case 2:
                    (chars[at], chars[(at + 1) % chars.Count]) = (chars[(at + 1) % chars.Count], chars[at]);
                    break;
                default:
                    chars[at] = alphabet[random.Next(alphabet.Length)];
                    break;
            }
        }

        return new string(chars.ToArray());
    }
}
