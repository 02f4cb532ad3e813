using System.Collections.Generic;

namespace Inception.Compiler.Plan;

/// <summary>One method per kind of <see cref="PlanStep"/>: what makes the set of kinds checked by the compiler.</summary>
public interface IPlanStepVisitor<T>
{
    T VisitCall(CallStep step, T input);

    T VisitConcat(ConcatStep step, T input);

    T VisitResidual(ResidualStep step, T input);

    T VisitAux(AuxStep step, T input);
}

/// <summary>
/// The one interpretation of a planned forward, shared by the C# and PyTorch printers, the run-time builder and
/// the ONNX exporter, which differ only in what a value is (an expression being printed, a tensor, an ONNX
/// value name). It fixes the order every target computes in: a concat runs each branch on the same input and
/// joins them along channels; a residual runs the shortcut first (it reads the input the body may overwrite),
/// then the body, then <c>relu?(body * scale + shortcut)</c>, the order of timm's Inception-ResNet blocks; an
/// auxiliary head reads the main path's value and leaves it unchanged.
/// </summary>
public abstract class ForwardWalker<T> : IPlanStepVisitor<T>
{
    /// <summary>How many concats the walk is inside (0 at a class's top level).</summary>
    protected int ConcatDepth { get; private set; }

    public T Walk(IEnumerable<PlanStep> steps, T input)
    {
        var x = input;
        foreach (var step in steps)
        {
            x = step.Accept(this, x);
            AfterStep(step, x);
        }

        return x;
    }

    T IPlanStepVisitor<T>.VisitCall(CallStep step, T input) => Call(step, input);

    T IPlanStepVisitor<T>.VisitConcat(ConcatStep step, T input)
    {
        var outputs = new List<T>(step.Branches.Count);
        ConcatDepth++;
        for (var i = 0; i < step.Branches.Count; i++)
        {
            var branch = step.Branches[i];
            outputs.Add(EndBranch(Walk(branch.Steps, StartBranch(input, branch.Label, i)), input));
        }

        ConcatDepth--;
        return Concat(step, input, outputs);
    }

    T IPlanStepVisitor<T>.VisitResidual(ResidualStep step, T input)
    {
        var shortcut = EndBranch(Walk(step.Shortcut, StartBranch(input, "shortcut", 0)), input);
        var body = Walk(step.Body, input);
        return Residual(step, body, shortcut);
    }

    T IPlanStepVisitor<T>.VisitAux(AuxStep step, T input)
    {
        Aux(step, input);
        return input;
    }

    /// <summary><c>relu?(modules[n-1](...modules[0](flatten?(x))))</c>.</summary>
    protected abstract T Call(CallStep step, T input);

    /// <summary>The branches' outputs joined along channels.</summary>
    protected abstract T Concat(ConcatStep step, T input, IReadOnlyList<T> branches);

    /// <summary><c>relu?(body * scale + shortcut)</c>.</summary>
    protected abstract T Residual(ResidualStep step, T body, T shortcut);

    /// <summary>Feeds the auxiliary head with the main path's value (training only, where the target has training).</summary>
    protected abstract void Aux(AuxStep step, T input);

    /// <summary>Where a branch (or a residual's shortcut, label <c>shortcut</c>) starts from the input: a printer opens a variable of its own.</summary>
    protected virtual T StartBranch(T input, string label, int index) => input;

    /// <summary>Where a branch ends; an empty branch passes its input through.</summary>
    protected virtual T EndBranch(T output, T input) => output;

    protected virtual void AfterStep(PlanStep step, T output)
    {
    }
}
