using MetaHarmony.Models;
using MetaHarmony.Runtime;
using static TorchSharp.torch;

namespace MetaHarmony.Tests.Models;

public sealed class BackboneTests
{
    public BackboneTests() => TorchRuntime.EnsureInitialized();

    [Theory]
    [InlineData(Downsampling.MaxPool, 84, 5)]
    [InlineData(Downsampling.MaxPool, 28, 1)]
    [InlineData(Downsampling.Strided, 28, 2)]
    public void Conv4HasFiveLayersAndTheRightHead(Downsampling downsampling, int side, long feature)
    {
        var conv4 = new Conv4(new BackboneShape(3, side, 5),
            new Conv4Options { Filters = 8, Downsampling = downsampling });

        Assert.Equal(["block1", "block2", "block3", "block4", "head"],
            conv4.Layout.Layers.Select(l => l.Name));
        Assert.Equal(18, conv4.Layout.Parameters.Count);
        Assert.Equal([5L, 8 * feature * feature], conv4.Layout.Parameters[16].Shape);
        Assert.Equal(8 * 3 * 9 + 8 * 3, conv4.Layout.Layers[0].Size);

        var weights = conv4.InitialWeights(0);
        using var logits = conv4.Forward(randn(6, 3, side, side), weights);
        Assert.Equal([6L, 5L], logits.shape);
    }

    [Fact]
    public void ResNet12GroupsConvolutionsIntoLayersAndBlocks()
    {
        var resnet = new ResNet12(new BackboneShape(3, 32, 5),
            new ResNet12Options { Channels = [4, 6, 8, 10] });

        Assert.Equal(17, resnet.Layout.Layers.Count);
        Assert.Equal(["block1", "block2", "block3", "block4", "head"], resnet.Layout.Blocks);
        Assert.Equal(4, resnet.Layout.Layers.Count(l => l.Block == 2));
        Assert.Equal("block1.shortcut", resnet.Layout.Layers[3].Name);
        Assert.Equal([6L, 4, 1, 1], resnet.Layout.Parameters[3 * 7].Shape);

        using var logits = resnet.Forward(randn(4, 3, 32, 32), resnet.InitialWeights(1));
        Assert.Equal([4L, 5L], logits.shape);
    }

    [Fact]
    public void InitialWeightsDependOnlyOnTheSeed()
    {
        var conv4 = new Conv4(new BackboneShape(1, 28, 5));
        var a = conv4.InitialWeights(7);
        var b = conv4.InitialWeights(7);
        var c = conv4.InitialWeights(8);

        Assert.All(a.Zip(b), pair => Assert.True(pair.First.eq(pair.Second).all().item<bool>()));
        Assert.False(a[0].eq(c[0]).all().item<bool>());
    }

    [Fact]
    public void TensorGroupingMakesEveryTensorALayerInItsBlock()
    {
        var layout = new Conv4(new BackboneShape(1, 28, 5)).Layout.Regroup(LayerGrouping.Tensor);

        Assert.Equal(18, layout.Layers.Count);
        Assert.Equal("block2.conv.bias", layout.Layers[5].Name);
        Assert.Equal(1, layout.Layers[5].Block);
        Assert.Equal(4, layout.Layers[^1].Block);
    }

    [Fact]
    public void WrongImageShapeIsRejectedBeforeAnyNativeCall()
    {
        var conv4 = new Conv4(new BackboneShape(3, 84, 5));
        var error = Assert.Throws<ArgumentException>(
            () => conv4.Forward(zeros(2, 1, 84, 84), conv4.InitialWeights(0)));

        Assert.Contains("[2, 1, 84, 84]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[batch, 3, 84, 84]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongWeightShapeNamesTheTensor()
    {
        var conv4 = new Conv4(new BackboneShape(1, 28, 5));
        var weights = conv4.InitialWeights(0).ToList();
        weights[16] = zeros(4, 32);

        var error = Assert.Throws<ArgumentException>(
            () => conv4.Forward(zeros(2, 1, 28, 28), weights));
        Assert.Contains("head.weight", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 28, 1)]
    [InlineData(0, 28, 5)]
    [InlineData(3, 8, 5)]
    public void BadShapesAreRefused(int channels, int side, int ways)
    {
        Assert.Throws<ArgumentException>(() => new Conv4(new BackboneShape(channels, side, ways)));
    }
}
