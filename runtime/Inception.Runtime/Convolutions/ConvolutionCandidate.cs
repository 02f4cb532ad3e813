using System;

namespace Inception.Runtime.Convolutions;

/// <summary>A configuration the self-check may choose: how to switch to it, and the convolution it then runs.</summary>
/// <param name="Engine">The engine it selects.</param>
/// <param name="Description">What a log line calls it ("oneDNN, full instruction set").</param>
/// <param name="Apply">Switches the process to it.</param>
/// <param name="Convolve">The float32 convolution that runs once it is applied.</param>
public sealed record ConvolutionCandidate(ConvolutionEngine Engine, string Description, Action Apply, Convolution Convolve);
