using MetaHarmony.Models;
using MetaHarmony.Runtime;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MetaHarmony.Tests.Models;

/// <summary>
/// Conv4 pools before its nonlinearity and may run channels-last; both must leave the network
/// the one the paper describes: conv, batch norm, nonlinearity, pool, in NCHW.
/// </summary>
public sealed class Conv4LayoutTests
{
    public Conv4LayoutTests() => TorchRuntime.EnsureInitialized();

    /// <summary>The textbook order, written out independently of the kit's forward.</summary>
    static Tensor ReferenceForward(Tensor images, IReadOnlyList<Tensor> w, Activation activation)
    {
        var x = images;
        for (int b = 0; b < 4; b++)
        {
            x = F.conv2d(x, w[4 * b], w[4 * b + 1], padding: [1, 1]);
            x = F.batch_norm(x, null, null, w[4 * b + 2], w[4 * b + 3], training: true,
                eps: 1e-5);
            x = activation.Apply(x);
            x = F.max_pool2d(x, [2, 2]);
        }
        return F.linear(x.flatten(1), w[16], w[17]);
    }

    /// <summary>Images with flat regions, so that pooling windows hold ties.</summary>
    static Tensor ImagesWithTies(long channels, long side)
    {
        using var generator = new Generator(3);
        var images = randn([6, channels, side, side], ScalarType.Float64, generator: generator);
        images[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(0, side / 2)] = 0.0;
        return images;
    }

    static double MaxRelative(Tensor actual, Tensor expected) =>
        (actual - expected).abs().max().to(ScalarType.Float64).item<double>()
        / Math.Max(expected.abs().max().to(ScalarType.Float64).item<double>(), 1e-300);

    static bool IsConvBias(int parameter) => parameter < 16 && parameter % 4 == 1;

    public static TheoryData<Activation, ActivationLayout> EveryActivationAndLayout()
    {
        var data = new TheoryData<Activation, ActivationLayout>();
        foreach (var activation in Enum.GetValues<Activation>())
        {
            data.Add(activation, ActivationLayout.Contiguous);
            data.Add(activation, ActivationLayout.ChannelsLast);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryActivationAndLayout))]
    public void LogitsAndGradientsAreThoseOfTheTextbookOrder(Activation activation,
        ActivationLayout layout)
    {
        var conv4 = new Conv4(new BackboneShape(3, 20, 4),
            new Conv4Options { Filters = 5, Activation = activation, Layout = layout });
        var weights = conv4.InitialWeights(4).Select(w => w.to(ScalarType.Float64)
            .requires_grad_(true)).ToList();
        var images = ImagesWithTies(3, 20);
        var labels = tensor(new long[] { 0, 1, 2, 3, 0, 1 });

        var logits = conv4.Forward(images, weights);
        var expected = ReferenceForward(images, weights, activation);
        var gradients = autograd.grad([F.cross_entropy(logits, labels)], weights);
        var expectedGradients = autograd.grad([F.cross_entropy(expected, labels)], weights);

        // Float64 rounding only: a nonlinearity that did not commute with the max would be off
        // in the first digits.
        Assert.True(MaxRelative(logits, expected) < 1e-12);
        for (int i = 0; i < weights.Count; i++)
        {
            // Batch norm removes a conv bias, so its true gradient is zero and both are noise.
            Assert.True(IsConvBias(i)
                ? gradients[i].abs().max().item<double>() < 1e-12
                : MaxRelative(gradients[i], expectedGradients[i]) < 1e-10, $"parameter {i}");
        }
    }

    [Theory]
    [InlineData(1, 28)]
    [InlineData(3, 20)]
    public void ChannelsLastMatchesContiguousInFloat32(int channels, int side)
    {
        var shape = new BackboneShape(channels, side, 4);
        var packed = new Conv4(shape, new Conv4Options { Layout = ActivationLayout.ChannelsLast });
        var plain = new Conv4(shape, new Conv4Options { Layout = ActivationLayout.Contiguous });
        var weights = packed.InitialWeights(9).Select(w => w.requires_grad_(true)).ToList();
        var images = ImagesWithTies(channels, side).to(ScalarType.Float32);
        var labels = tensor(new long[] { 0, 1, 2, 3, 3, 2 });

        var a = packed.Forward(images, weights);
        var b = plain.Forward(images, weights);
        var ga = autograd.grad([F.cross_entropy(a, labels)], weights);
        var gb = autograd.grad([F.cross_entropy(b, labels)], weights);

        Assert.True(MaxRelative(a, b) < 1e-5);
        // Relative to the largest gradient entry, as the estimator equivalence tests measure.
        var kept = Enumerable.Range(0, 18).Where(i => !IsConvBias(i)).ToList();
        using var actual = cat(kept.Select(i => ga[i].flatten()).ToList());
        using var expected = cat(kept.Select(i => gb[i].flatten()).ToList());
        Assert.True(MaxRelative(actual, expected) < 1e-5);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void ChannelsLastPutsChannelsInnermostAndKeepsTheValues(long channels)
    {
        using var x = randn(2, channels, 5, 7);

        using var packed = ActivationLayouts.ToChannelsLast(x);

        // With one channel both layouts are the same bytes.
        Assert.Equal(channels == 1, ActivationLayouts.HasChannelsLastStrides(x));
        Assert.True(ActivationLayouts.HasChannelsLastStrides(packed));
        Assert.Equal([2L, channels, 5, 7], packed.shape);
        Assert.True(packed.eq(x).all().item<bool>());
        using var again = ActivationLayouts.ToChannelsLast(packed);
        Assert.Equal(packed.stride(), again.stride());
    }

    [Fact]
    public void OneChannelImagesReachTheConvolutionChannelsLastWithoutACopy()
    {
        using var images = randn(3, 1, 6, 6);
        using var weight = randn(4, 1, 3, 3);

        using var packed = ActivationLayouts.ToChannelsLast(images);
        using var plain = F.conv2d(images, weight, padding: [1, 1]);
        using var answered = F.conv2d(packed, weight, padding: [1, 1]);

        // The same bytes, with the channel's stride made 1, so libtorch picks its channels-last
        // convolution; an unchanged contiguous image gets an NCHW answer, copied afterwards.
        Assert.Equal(1L, packed.stride(1));
        Assert.False(ActivationLayouts.HasChannelsLastStrides(plain));
        Assert.True(ActivationLayouts.HasChannelsLastStrides(answered));
        Assert.True(MaxRelative(answered, plain) < 1e-5);
        packed.mul_(2); // a view, not a copy: the images change with it
        Assert.True(images.eq(packed).all().item<bool>());
        using var doubled = F.conv2d(images, weight, padding: [1, 1]);
        using var twice = plain * 2;
        Assert.True(MaxRelative(doubled, twice) < 1e-5);
    }

    [Fact]
    public void AutoIsChannelsLastOnTheCpu()
    {
        Assert.True(ActivationLayout.Auto.IsChannelsLast(CPU));
        Assert.False(ActivationLayout.Contiguous.IsChannelsLast(CPU));
        Assert.True(ActivationLayout.ChannelsLast.IsChannelsLast(CPU));
    }

    [Fact]
    public void AnUnknownLayoutIsNamed()
    {
        var error = Assert.Throws<ArgumentException>(() => new Conv4(new BackboneShape(1, 28, 5),
            new Conv4Options { Layout = (ActivationLayout)7 }));

        Assert.Equal("Layout", error.ParamName);
        Assert.Contains("ChannelsLast", error.Message, StringComparison.Ordinal);
    }
}
