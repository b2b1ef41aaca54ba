using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MetaHarmony.Models;

/// <summary>
/// MAML's Conv4: four blocks of 3x3 convolution, batch norm (statistics of the batch it
/// normalises, learnable scale and shift, no running statistics), nonlinearity and 2x
/// downsampling, then a linear head on the flattened features. Each block is one layer; the
/// head is the fifth.
/// </summary>
public sealed class Conv4 : IBackbone
{
    const int Blocks = 4;
    readonly Conv4Options options;
    readonly long featureSide;

    /// <summary>Builds the layout for <paramref name="shape"/>.</summary>
    public Conv4(BackboneShape shape, Conv4Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        Shape = shape.Validate();
        this.options = options ?? new Conv4Options();
        if (this.options.Filters < 1)
        {
            throw new ArgumentException(
                $"Conv4 Filters = {this.options.Filters}; use a positive count such as 32 or 64.",
                nameof(options));
        }

        OptionGuards.Defined(this.options.Layout, nameof(Conv4Options.Layout));
        featureSide = FeatureSide(shape.ImageSize, this.options.Downsampling);
        if (featureSide < 1)
        {
            throw new ArgumentException(
                $"ImageSize = {shape.ImageSize} is too small for four max-pooled blocks; "
                + "use at least 16 pixels or strided downsampling.", nameof(shape));
        }

        Layout = BuildLayout();
    }

    /// <inheritdoc />
    public ModelLayout Layout { get; }

    /// <summary>The settings the network was built with.</summary>
    public Conv4Options Options => options;

    /// <inheritdoc />
    public BackboneShape Shape { get; }

    /// <summary>Side of the feature map after the four blocks.</summary>
    public static long FeatureSide(long imageSize, Downsampling downsampling)
    {
        long side = imageSize;
        for (int b = 0; b < Blocks; b++)
        {
            side = downsampling == Downsampling.MaxPool ? side / 2 : (side + 1) / 2;
        }
        return side;
    }

    /// <inheritdoc />
    public Tensor Forward(Tensor images, IReadOnlyList<Tensor> weights)
    {
        BackboneChecks.Inputs(this, images, weights);
        long stride = options.Downsampling == Downsampling.Strided ? 2 : 1;
        bool channelsLast = options.Layout.IsChannelsLast(images.device);
        var chain = new ActivationChain(images);
        if (channelsLast)
        {
            // Every block answers in its input's layout, so only the images are converted.
            chain.Then(ActivationLayouts.ToChannelsLast);
        }
        for (int b = 0; b < Blocks; b++)
        {
            int at = 4 * b;
            chain.Then(x => Convolutions.In(options.Precision, x, weights[at], weights[at + 1],
                (x, w, b) => F.conv2d(x, w, b, strides: [stride, stride], padding: [1, 1])));
            chain.Then(x => F.batch_norm(x, null, null, weights[at + 2], weights[at + 3],
                training: true, eps: options.BatchNormEpsilon));
            if (options.Downsampling == Downsampling.MaxPool)
            {
                // Pooling before the nonlinearity gives the same values and the same gradients
                // (every activation here is non-decreasing, so it commutes with the max and
                // keeps the window's first maximum), on a quarter of the elements.
                chain.Then(MaxPooling.Pool2x2);
            }
            chain.Then(x => options.Activation.Apply(x));
        }
        return chain.Then(x => x.flatten(1))
            .Then(x => F.linear(x, weights[4 * Blocks], weights[4 * Blocks + 1])).Result;
    }

    /// <inheritdoc />
    public Tensor ForwardTasks(Tensor images, IReadOnlyList<Tensor> weights)
    {
        BackboneChecks.TaskInputs(this, images, weights);
        long stride = options.Downsampling == Downsampling.Strided ? 2 : 1;
        var chain = new ActivationChain(images).Then(GroupedTasks.Merge);
        for (int b = 0; b < Blocks; b++)
        {
            int at = 4 * b;
            chain.Then(x => Convolutions.In(options.Precision, x, weights[at], weights[at + 1],
                    (x, w, b) => GroupedTasks.Conv(x, w, b, stride, 1)))
                .Then(x => GroupedTasks.BatchNorm(x, weights[at + 2], weights[at + 3],
                    options.BatchNormEpsilon));
            if (options.Downsampling == Downsampling.MaxPool)
            {
                chain.Then(MaxPooling.Pool2x2); // before the nonlinearity, as above
            }
            chain.Then(x => options.Activation.Apply(x));
        }
        return chain.Then(x => x.flatten(1)).Then(x =>
            GroupedTasks.Linear(x, weights[4 * Blocks], weights[4 * Blocks + 1])).Result;
    }

    /// <inheritdoc />
    public IReadOnlyList<Tensor> InitialWeights(long seed)
    {
        using var generator = new Generator((ulong)seed);
        var weights = new List<Tensor>();
        long inputs = Shape.Channels;
        for (int b = 0; b < Blocks; b++)
        {
            long fanIn = inputs * 9;
            weights.Add(WeightInit.FanInUniform(generator, [options.Filters, inputs, 3, 3], fanIn));
            weights.Add(WeightInit.FanInUniform(generator, [options.Filters], fanIn));
            weights.Add(WeightInit.Ones([options.Filters]));
            weights.Add(WeightInit.Zeros([options.Filters]));
            inputs = options.Filters;
        }

        long features = options.Filters * featureSide * featureSide;
        weights.Add(WeightInit.FanInUniform(generator, [Shape.Ways, features], features));
        weights.Add(WeightInit.FanInUniform(generator, [Shape.Ways], features));
        return weights;
    }

    ModelLayout BuildLayout()
    {
        var specs = new List<ParameterSpec>();
        var names = new List<string>();
        long f = options.Filters;
        long inputs = Shape.Channels;
        for (int b = 0; b < Blocks; b++)
        {
            string block = $"block{b + 1}";
            names.Add(block);
            specs.Add(new ParameterSpec($"{block}.conv.weight", [f, inputs, 3, 3], b));
            specs.Add(new ParameterSpec($"{block}.conv.bias", [f], b));
            specs.Add(new ParameterSpec($"{block}.norm.weight", [f], b));
            specs.Add(new ParameterSpec($"{block}.norm.bias", [f], b));
            inputs = f;
        }

        names.Add("head");
        long features = f * featureSide * featureSide;
        specs.Add(new ParameterSpec("head.weight", [Shape.Ways, features], Blocks));
        specs.Add(new ParameterSpec("head.bias", [Shape.Ways], Blocks));
        return new ModelLayout(specs, names, Enumerable.Range(0, Blocks + 1).ToList(), names);
    }
}
