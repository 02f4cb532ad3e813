using System;
using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.Diagnostics;

namespace Inception.Dynamic;

/// <summary>A .incept file that does not compile; the message holds every located diagnostic, one per line.</summary>
public sealed class InceptCompilationException : Exception
{
    public InceptCompilationException(IReadOnlyList<Diagnostic> diagnostics)
        : base(string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString())))
    {
        Diagnostics = diagnostics;
    }

    public IReadOnlyList<Diagnostic> Diagnostics { get; }
}
