namespace Inception.Runtime.Weights;

/// <summary>How a weight file stores a state_dict.</summary>
public enum WeightFormat
{
    /// <summary>TorchSharp's own format, as written by <c>Module.save</c>.</summary>
    TorchSharp,

    /// <summary>A pickled PyTorch state_dict, as written by <c>torch.save(model.state_dict(), path)</c>.</summary>
    PyTorch,

    /// <summary>Hugging Face safetensors.</summary>
    Safetensors,
}
