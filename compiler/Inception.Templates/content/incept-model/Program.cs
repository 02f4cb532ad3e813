using InceptModel.Models;
using TorchSharp;

// The class was generated from model.incept at build time, with its architecture facts as constants.
using var model = new TinyInception(auxLogits: true);
Console.WriteLine($"{nameof(TinyInception)}: {TinyInception.ParameterCount:N0} parameters, {TinyInception.MacCount:N0} MACs per image");

model.eval();
using var images = torch.randn(2, TinyInception.InputChannels, TinyInception.InputHeight, TinyInception.InputWidth);
using var logits = model.call(images);
Console.WriteLine($"forward: [{string.Join(", ", images.shape)}] -> [{string.Join(", ", logits.shape)}]");
