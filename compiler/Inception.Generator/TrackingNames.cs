namespace Inception.Generator;

/// <summary>Names of the pipeline steps, which tests use to check what the incremental cache reused.</summary>
public static class TrackingNames
{
    public const string Options = nameof(Options);
    public const string Files = nameof(Files);
    public const string Library = nameof(Library);
    public const string Closure = nameof(Closure);
    public const string Generated = nameof(Generated);
}
