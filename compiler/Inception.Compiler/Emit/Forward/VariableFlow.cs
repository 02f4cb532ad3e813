using System;
using System.Collections.Generic;

namespace Inception.Compiler.Emit.Forward;

/// <summary>
/// Threads one tensor variable through a run of forward steps (<c>b = f(x); b = g(b)</c>): the value both
/// printers' walks carry. They differ only in how an assignment reads, which <c>assign</c> gives.
/// </summary>
internal sealed class VariableFlow
{
    private readonly List<string> _lines;
    private readonly Func<string, string, bool, string> _assign;
    private readonly string _target;

    /// <param name="lines">The forward's lines, shared by every flow of one class.</param>
    /// <param name="assign">(variable, expression, already declared) to one line.</param>
    public VariableFlow(List<string> lines, Func<string, string, bool, string> assign, string current, string target, bool declared)
    {
        _lines = lines;
        _assign = assign;
        Current = current;
        _target = target;
        Declared = declared;
    }

    /// <summary>The expression that holds the flow's tensor now.</summary>
    public string Current { get; private set; }

    /// <summary>Whether the flow's own variable has been assigned yet.</summary>
    public bool Declared { get; private set; }

    public void Apply(Func<string, string> call)
    {
        _lines.Add(_assign(_target, call(Current), Declared));
        Declared = true;
        Current = _target;
    }

    /// <summary>A flow for a branch or a shortcut: it starts from this flow's tensor, into a variable of its own.</summary>
    public VariableFlow Fork(string target) => new(_lines, _assign, Current, target, declared: false);

    public void Line(string text) => _lines.Add(text);

    /// <summary>A blank line, unless the forward is empty or already ends with one.</summary>
    public void Blank()
    {
        if (_lines.Count > 0 && _lines[_lines.Count - 1].Length > 0)
        {
            _lines.Add(string.Empty);
        }
    }
}
