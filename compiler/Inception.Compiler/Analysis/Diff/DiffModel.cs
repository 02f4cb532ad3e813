using System.Collections.Generic;
using System.Linq;
using Inception.Compiler.IR;

namespace Inception.Compiler.Analysis.Diff;

public enum DiffStatus
{
    Same,
    Changed,
    Added,
    Removed,
}

/// <summary>
/// One aligned pair of nodes (or one side alone). A module row is Changed when anything inside it is;
/// <see cref="Depth"/> is the row's nesting below the network, for folding and indentation.
/// </summary>
public sealed record DiffRow(DiffStatus Status, IrNode? Left, IrNode? Right, int Depth)
{
    public bool IsModule => (Left ?? Right)!.Kind == IrKind.Module;

    public bool Auxiliary => (Left ?? Right)!.Auxiliary;

    public string Path => Left is not null && Right is not null && Left.Path != Right.Path
        ? $"{Left.Path} ~ {Right.Path}"
        : (Left ?? Right)!.Path;

    public long ParameterDelta => (Right?.Parameters ?? 0) - (Left?.Parameters ?? 0);

    public long MacDelta => (Right?.Macs ?? 0) - (Left?.Macs ?? 0);
}

/// <summary>Two networks aligned layer by layer.</summary>
public sealed record NetworkDiff(NetworkIr Left, NetworkIr Right, IReadOnlyList<DiffRow> Rows)
{
    /// <summary>Equal architectures: every layer paired with an identical one (names, ops, settings, shapes).</summary>
    public bool AreEqual => Rows.All(r => r.Status == DiffStatus.Same)
        && Left.Input == Right.Input && Left.Classes == Right.Classes
        && Left.AuxHeads.SequenceEqual(Right.AuxHeads);

    /// <summary>The rows to show at <paramref name="depth"/>: modules deeper than it are folded into their row.</summary>
    public IEnumerable<DiffRow> Visible(int? depth, bool includeSame) =>
        Rows.Where(r => (depth is null || r.Depth <= depth.Value) && (includeSame || r.Status != DiffStatus.Same));
}
