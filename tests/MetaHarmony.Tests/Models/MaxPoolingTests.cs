using MetaHarmony.Models;
using MetaHarmony.Runtime;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MetaHarmony.Tests.Models;

/// <summary>
/// The kit's 2x2 max pooling must be libtorch's max_pool2d in values, gradients and the
/// gradients of gradients that second-order MAML takes, ties and odd sides included.
/// </summary>
public sealed class MaxPoolingTests
{
    public MaxPoolingTests() => TorchRuntime.EnsureInitialized();

    /// <summary>Float64 activations [2, 3, 7, 9] with flat patches and repeated values.</summary>
    static Tensor ActivationsWithTies(bool channelsLast)
    {
        using var generator = new Generator(11);
        var x = randn([2, 3, 7, 9], ScalarType.Float64, generator: generator);
        x[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(0, 3)] = 0.5;
        x = x.round(); // many windows with two or more equal maxima
        if (channelsLast)
        {
            x = ActivationLayouts.ToChannelsLast(x);
        }
        return x.requires_grad_(true);
    }

    /// <summary>The pooled values, their gradient, and the gradient of a gradient.</summary>
    static (Tensor Values, Tensor Gradient, Tensor SecondOrder) Differentiate(
        Func<Tensor, Tensor> pool, Tensor x)
    {
        using var generator = new Generator(12);
        var upstream = randn([2, 3, 3, 4], ScalarType.Float64, generator: generator)
            .requires_grad_(true);
        var probe = randn(x.shape, ScalarType.Float64, generator: generator);
        var values = pool(x);
        var gradient = autograd.grad([(values * upstream).sum()], [x], create_graph: true)[0];
        // Second-order MAML differentiates the inner gradient with respect to what flowed
        // into it; here that is the upstream gradient.
        var secondOrder = autograd.grad([(gradient * probe).sum()], [upstream])[0];
        return (values, gradient, secondOrder);
    }

    static bool Same(Tensor actual, Tensor expected) =>
        actual.shape.SequenceEqual(expected.shape) && actual.eq(expected).all().item<bool>();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ValuesAndGradientsOfBothOrdersAreMaxPool2d(bool channelsLast)
    {
        var x = ActivationsWithTies(channelsLast);

        var (values, gradient, secondOrder) = Differentiate(MaxPooling.Pool2x2, x);
        var (expected, expectedGradient, expectedSecondOrder) =
            Differentiate(y => F.max_pool2d(y, [2, 2]), x);

        // The same elements picked and routed back: equal to the bit, not within a tolerance.
        Assert.True(Same(values, expected));
        Assert.True(Same(gradient, expectedGradient));
        Assert.True(Same(secondOrder, expectedSecondOrder));
    }

    [Fact]
    public void AnNchwInputGetsAnNchwGradient()
    {
        // Batch norm's double backward is slow on a channels-last gradient; the pool must not
        // hand it one.
        var x = ActivationsWithTies(channelsLast: false);
        var gradient = autograd.grad([MaxPooling.Pool2x2(x).sum()], [x])[0];
        Assert.True(gradient.is_contiguous());
    }
}
