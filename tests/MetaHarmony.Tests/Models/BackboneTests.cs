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

    public static TheoryData<string> Backbones => ["conv4-maxpool", "conv4-strided", "resnet12"];

    [Theory]
    [MemberData(nameof(Backbones))]
    public void AllTasksInOnePassEqualEachTaskAlone(string name)
    {
        IBackbone backbone = name switch
        {
            "conv4-maxpool" => new Conv4(new BackboneShape(3, 20, 4), new Conv4Options
            {
                Filters = 5,
            }),
            "conv4-strided" => new Conv4(new BackboneShape(1, 12, 4), new Conv4Options
            {
                Filters = 5, Downsampling = Downsampling.Strided,
            }),
            _ => new ResNet12(new BackboneShape(3, 16, 4),
                new ResNet12Options { Channels = [3, 4, 5, 6] }),
        };
        var shape = backbone.Shape;
        var perTask = Enumerable.Range(0, 3)
            .Select(t => backbone.InitialWeights(t).Select(w => w.to(ScalarType.Float64)).ToList())
            .ToList();
        var stacked = Enumerable.Range(0, perTask[0].Count)
            .Select(p => stack(perTask.Select(w => w[p]))).ToList();
        var images = randn([3, 6, shape.Channels, shape.ImageSize, shape.ImageSize],
            ScalarType.Float64);

        using var together = backbone.ForwardTasks(images, stacked);

        for (int t = 0; t < 3; t++)
        {
            using var alone = backbone.Forward(images[t], perTask[t]);
            Assert.True(together[t].allclose(alone, rtol: 1e-10, atol: 1e-12));
        }
    }

    [Fact]
    public void TaskWeightsWithoutTheTaskDimensionAreRefused()
    {
        var conv4 = new Conv4(new BackboneShape(1, 28, 5));
        var error = Assert.Throws<ArgumentException>(() =>
            conv4.ForwardTasks(zeros([2, 3, 1, 28, 28]), conv4.InitialWeights(0)));
        Assert.Contains("block1.conv.weight", error.Message, StringComparison.Ordinal);
    }
}
