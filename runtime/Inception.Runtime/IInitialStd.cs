namespace Inception.Runtime;

/// <summary>
/// A module that knows the initial stddev of the weights it declares, as torchvision's Inception blocks set
/// <c>stddev</c> on their own layers. <see cref="WeightInit.Apply(TorchSharp.torch.nn.Module)"/> asks the
/// nearest such module above each conv and linear weight.
/// </summary>
public interface IInitialStd
{
    /// <summary>The stddev for the weight module at <paramref name="path"/> below this module (e.g. <c>conv1.conv</c>); null keeps TorchSharp's default.</summary>
    double? InitialStd(string path);
}
