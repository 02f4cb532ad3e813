using System.Collections.Generic;
using Inception.Compiler.Plan;

namespace Inception.Compiler.Emit.Forward;

/// <summary>
/// The shared walk as source code: both printers' forwards are sequences of assignments threaded through
/// <see cref="VariableFlow"/>s, with the outermost concat's branches set apart by blank lines, a variable per
/// branch, shape comments after the network's steps, and the last step returned directly. A language gives
/// its expressions, its comment marker, how a branch's local is named and how a value is returned.
/// </summary>
internal abstract class ForwardPrinter : ForwardWalker<VariableFlow>
{
    private readonly string _commentPrefix;
    private PlanStep? _final;

    protected ForwardPrinter(string commentPrefix) => _commentPrefix = commentPrefix;

    /// <summary>Whether the last step returned its value (else the caller returns the flow's variable).</summary>
    protected bool Returned { get; private set; }

    /// <summary>Prints the steps; the last returns its value when <paramref name="returnsLast"/> (an aux step has none of its own).</summary>
    public bool Print(IReadOnlyList<PlanStep> steps, VariableFlow flow, bool returnsLast)
    {
        _final = returnsLast && steps.Count > 0 && steps[steps.Count - 1] is not AuxStep ? steps[steps.Count - 1] : null;
        Walk(steps, flow);
        return Returned;
    }

    /// <summary>A new local for a branch's tensor, named after its label and unique in the forward.</summary>
    protected abstract string Local(string label);

    /// <summary>The line that returns <paramref name="expression"/> (parenthesised first where it is not <paramref name="oneTerm"/>, if the language needs it).</summary>
    protected abstract string Return(string expression, bool oneTerm);

    /// <summary>Blank lines set the outermost branches apart, as torchvision writes them; nested ones stay together.</summary>
    protected override VariableFlow StartBranch(VariableFlow input, string label, int index)
    {
        if (index > 0 && ConcatDepth == 1)
        {
            input.Blank();
        }

        return input.Fork(Local(label));
    }

    /// <summary>An empty branch passes its input through, as an empty torch Sequential does.</summary>
    protected override VariableFlow EndBranch(VariableFlow output, VariableFlow input)
    {
        if (!output.Declared)
        {
            output.Apply(current => current);
        }

        return output;
    }

    /// <summary>The shape after a step, where the class has one instance; the last step's is the network's output, known anyway.</summary>
    protected override void AfterStep(PlanStep step, VariableFlow output)
    {
        if (!ReferenceEquals(step, _final) && StepShapes.Describe(step) is { } shape)
        {
            output.Line(_commentPrefix + " " + shape);
        }
    }

    /// <summary>The join after the outermost concat's branches, set apart from them by a blank line.</summary>
    protected VariableFlow Join(ConcatStep step, VariableFlow input, string expression)
    {
        if (ConcatDepth == 0)
        {
            input.Blank();
        }

        return Assign(step, input, expression, oneTerm: true);
    }

    /// <summary>The step's value into the flow's variable, or returned when it is the last step.</summary>
    protected VariableFlow Assign(PlanStep step, VariableFlow flow, string expression, bool oneTerm)
    {
        if (ReferenceEquals(step, _final))
        {
            flow.Line(Return(expression, oneTerm));
            Returned = true;
        }
        else
        {
            flow.Apply(_ => expression);
        }

        return flow;
    }
}
