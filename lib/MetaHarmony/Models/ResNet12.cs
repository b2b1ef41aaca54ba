using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MetaHarmony.Models;

/// <summary>
/// ResNet12: four residual blocks, each three 3x3 convolutions with batch norm plus a 1x1
/// convolution shortcut, then 2x2 max pooling; global average pooling and a linear head.
/// Convolutions carry no bias (batch norm's shift takes its place). Every convolution with its
/// batch norm is one layer, the shortcut too; a residual block is a block. DropBlock and other
/// regularisers of some ResNet12 variants are not included.
/// </summary>
public sealed class ResNet12 : IBackbone
{
    const int ConvsPerBlock = 4;
    const int TensorsPerConv = 3;
    readonly ResNet12Options options;

    /// <summary>Builds the layout for <paramref name="shape"/>.</summary>
    public ResNet12(BackboneShape shape, ResNet12Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        Shape = shape.Validate();
        this.options = options ?? new ResNet12Options();
        if (this.options.Channels.Count != 4 || this.options.Channels.Any(c => c < 1))
        {
            throw new ArgumentException(
                $"ResNet12 Channels = [{string.Join(", ", this.options.Channels)}]; give four "
                + "positive counts, e.g. [64, 160, 320, 640].", nameof(options));
        }
        if (shape.ImageSize < 16)
        {
            throw new ArgumentException(
                $"ImageSize = {shape.ImageSize} is too small for four pooled blocks; use 16 "
                + "or more.", nameof(shape));
        }

        Layout = BuildLayout();
    }

    /// <inheritdoc />
    public ModelLayout Layout { get; }

    /// <inheritdoc />
    public BackboneShape Shape { get; }

    /// <inheritdoc />
    public Tensor Forward(Tensor images, IReadOnlyList<Tensor> weights)
    {
        BackboneChecks.Inputs(this, images, weights);
        return Run(images, weights, (x, at, padding) => new ActivationChain(x)
            .Then(y => Convolutions.In(options.Precision, y, weights[at], null,
                (y, w, _) => F.conv2d(y, w, null, padding: [padding, padding])))
            .Then(y => F.batch_norm(y, null, null, weights[at + 1], weights[at + 2],
                training: true, eps: options.BatchNormEpsilon)).Result,
            (features, head, bias) => F.linear(features, head, bias));
    }

    /// <inheritdoc />
    public Tensor ForwardTasks(Tensor images, IReadOnlyList<Tensor> weights)
    {
        BackboneChecks.TaskInputs(this, images, weights);
        var merged = GroupedTasks.Merge(images);
        return Run(merged, weights, (x, at, padding) => new ActivationChain(x)
            .Then(y => Convolutions.In(options.Precision, y, weights[at], null,
                (y, w, _) => GroupedTasks.Conv(y, w, null, stride: 1, padding)))
            .Then(y => GroupedTasks.BatchNorm(y, weights[at + 1], weights[at + 2],
                options.BatchNormEpsilon)).Result,
            GroupedTasks.Linear);
    }

    /// <summary>
    /// The network around a convolution-with-norm (single-task or grouped) and a head: the
    /// residual blocks, then global average pooling.
    /// </summary>
    Tensor Run(Tensor input, IReadOnlyList<Tensor> weights,
        Func<Tensor, int, long, Tensor> convNorm, Func<Tensor, Tensor, Tensor, Tensor> head)
    {
        var chain = new ActivationChain(input);
        for (int b = 0; b < options.Channels.Count; b++)
        {
            int first = b * ConvsPerBlock * TensorsPerConv;
            chain.Then(x =>
            {
                var main = new ActivationChain(x)
                    .Then(y => convNorm(y, first, 1)).Then(y => options.Activation.Apply(y))
                    .Then(y => convNorm(y, first + TensorsPerConv, 1))
                    .Then(y => options.Activation.Apply(y))
                    .Then(y => convNorm(y, first + 2 * TensorsPerConv, 1)).Result;
                using var shortcut = convNorm(x, first + 3 * TensorsPerConv, 0);
                using var sum = main + shortcut;
                main.Dispose();
                return options.Activation.Apply(sum);
            }).Then(MaxPooling.Pool2x2);
        }

        return chain.Then(x => F.adaptive_avg_pool2d(x, [1, 1])).Then(x => x.flatten(1))
            .Then(x => head(x, weights[^2], weights[^1])).Result;
    }

    /// <inheritdoc />
    public IReadOnlyList<Tensor> InitialWeights(long seed)
    {
        using var generator = new Generator((ulong)seed);
        var weights = new List<Tensor>();
        foreach (var spec in Layout.Parameters)
        {
            if (spec.Shape.Length == 4)
            {
                long fanIn = spec.Shape[1] * spec.Shape[2] * spec.Shape[3];
                weights.Add(WeightInit.FanInUniform(generator, spec.Shape, fanIn));
            }
            else if (spec.Name.EndsWith(".norm.weight", StringComparison.Ordinal))
            {
                weights.Add(WeightInit.Ones(spec.Shape));
            }
            else if (spec.Name.EndsWith(".norm.bias", StringComparison.Ordinal))
            {
                weights.Add(WeightInit.Zeros(spec.Shape));
            }
            else
            {
                long fanIn = options.Channels[^1];
                weights.Add(WeightInit.FanInUniform(generator, spec.Shape, fanIn));
            }
        }
        return weights;
    }

    ModelLayout BuildLayout()
    {
        var specs = new List<ParameterSpec>();
        var layerNames = new List<string>();
        var layerBlocks = new List<int>();
        var blockNames = new List<string>();
        long inputs = Shape.Channels;
        for (int b = 0; b < options.Channels.Count; b++)
        {
            long outputs = options.Channels[b];
            string block = $"block{b + 1}";
            blockNames.Add(block);
            foreach (var (conv, kernel, from) in new[]
            {
                ("conv1", 3L, inputs), ("conv2", 3L, outputs), ("conv3", 3L, outputs),
                ("shortcut", 1L, inputs),
            })
            {
                int layer = layerNames.Count;
                string name = $"{block}.{conv}";
                layerNames.Add(name);
                layerBlocks.Add(b);
                long[] shape = [outputs, from, kernel, kernel];
                specs.Add(new ParameterSpec($"{name}.weight", shape, layer));
                specs.Add(new ParameterSpec($"{name}.norm.weight", [outputs], layer));
                specs.Add(new ParameterSpec($"{name}.norm.bias", [outputs], layer));
            }
            inputs = outputs;
        }

        blockNames.Add("head");
        layerNames.Add("head");
        layerBlocks.Add(blockNames.Count - 1);
        int head = layerNames.Count - 1;
        specs.Add(new ParameterSpec("head.weight", [Shape.Ways, inputs], head));
        specs.Add(new ParameterSpec("head.bias", [Shape.Ways], head));
        return new ModelLayout(specs, layerNames, layerBlocks, blockNames);
    }
}
