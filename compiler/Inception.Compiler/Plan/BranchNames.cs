using System.Linq;
using System.Text.RegularExpressions;
using Inception.Compiler.IR;
using Inception.Compiler.Ops;

namespace Inception.Compiler.Plan;

/// <summary>Names for a concat branch's tensor, as torchvision names them (branch5x5_1, branch5x5_2 -> branch5x5).</summary>
internal static class BranchNames
{
    /// <summary>torchvision's step suffix on a branch's layers: <c>_1</c>, <c>_2a</c>.</summary>
    private static readonly Regex StepSuffix = new("_[0-9]+[a-z]?$");

    public static string Label(IrNode branch)
    {
        if (branch.Op is PoolOp && branch.NameGenerated)
        {
            // torchvision's name for the pooling branch of a grid reduction.
            return "branch_pool";
        }

        if (branch.Op is not SequenceOp { IsModule: false })
        {
            return branch.Name.Length > 0 ? branch.Name : "branch";
        }

        var chosen = branch.Children.LastOrDefault(c => c.Name.Length > 0 && !c.NameGenerated);
        return chosen is null ? "branch" : StepSuffix.Replace(chosen.Name, string.Empty);
    }
}
