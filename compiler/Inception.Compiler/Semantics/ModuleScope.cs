using System.Collections.Generic;
using System.Globalization;

namespace Inception.Compiler.Semantics;

/// <summary>
/// The names of one module's children. A sequential scope numbers unnamed children by position, as torch's
/// Sequential does (that is what makes <c>branch2.0.conv.weight</c> line up); other scopes generate <c>op_n</c>.
/// </summary>
internal sealed class ModuleScope
{
    private readonly HashSet<string> _used = new();
    private readonly Dictionary<string, int> _counters = new();
    private int _nextIndex;

    public ModuleScope(bool isSequential) => IsSequential = isSequential;

    public bool IsSequential { get; }

    /// <summary>Claims an explicit name; false when it is already taken in this module.</summary>
    public bool TryClaim(string name)
    {
        _nextIndex++;
        return _used.Add(name);
    }

    public string Generate(string operation)
    {
        if (IsSequential)
        {
            var index = (_nextIndex++).ToString(CultureInfo.InvariantCulture);
            _used.Add(index);
            return index;
        }

        _counters.TryGetValue(operation, out var count);
        string name;
        do
        {
            count++;
            name = $"{operation}_{count.ToString(CultureInfo.InvariantCulture)}";
        }
        while (_used.Contains(name));

        _counters[operation] = count;
        _used.Add(name);
        return name;
    }
}
