using Inception.Compiler;
using Inception.Compiler.IR;
using Xunit;

namespace Inception.Tests.Shared;

internal static class ReferenceModels
{
    public static readonly string[] Files =
    {
        "googlenet.incept", "inception_v2.incept", "inception_v3.incept", "inception_v4.incept", "inception_resnet_v2.incept", "xception.incept",
    };

    public static CompilationResult Compile(string file) => Compilation.CompileFile(Repository.Dsl(file));

    public static NetworkIr Network(string file)
    {
        var result = Compile(file);
        Assert.Empty(result.Diagnostics);
        return Assert.Single(result.Networks);
    }
}
