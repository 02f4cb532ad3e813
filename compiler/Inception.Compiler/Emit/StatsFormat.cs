namespace Inception.Compiler.Emit;

public enum StatsFormat
{
    Table,
    Json,
    Csv,
    Markdown,
}
