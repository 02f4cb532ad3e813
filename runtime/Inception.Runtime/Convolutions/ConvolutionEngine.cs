namespace Inception.Runtime.Convolutions;

/// <summary>Which code computes libtorch's float32 CPU convolutions in this process.</summary>
public enum ConvolutionEngine
{
    /// <summary>oneDNN's JIT kernels, at the instruction set <c>ONEDNN_MAX_CPU_ISA</c> allows (libtorch's default).</summary>
    OneDnn,

    /// <summary>
    /// libtorch's own convolution (im2col and a BLAS matrix product), oneDNN switched off as
    /// <c>torch.backends.mkldnn.enabled = False</c> does in Python.
    /// </summary>
    Native,
}
