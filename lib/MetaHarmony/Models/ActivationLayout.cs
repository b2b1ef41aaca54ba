using static TorchSharp.torch;

namespace MetaHarmony.Models;

/// <summary>
/// How a backbone's activations are laid out in memory. The values are the same in all.
/// </summary>
public enum ActivationLayout
{
    /// <summary>
    /// Channels-last on a CPU, where first-order steps were measured up to 1.8 times as fast;
    /// contiguous on a GPU (not measured), and in second-order MAML's inner loop (the backbone
    /// <see cref="BackboneOptions.Create"/> builds with <c>secondOrder</c>): batch norm's double
    /// backward sums over the channels-last layout slowly, and an 84x84 5-shot step took twice
    /// as long. The query pass, differentiated once, stays channels-last.
    /// </summary>
    Auto,

    /// <summary>
    /// [batch, channels, height, width] in row-major order (NCHW), PyTorch's default.
    /// </summary>
    Contiguous,

    /// <summary>
    /// Channels innermost (NHWC strides behind the same NCHW shape). On a CPU libtorch's
    /// channels-last kernels vectorise over the channels: max pooling, which in NCHW scans one
    /// window at a time, became a small fraction of a step, and a first-order Conv4 step on one
    /// thread took 35% less time at 28x28 and 44% less at 84x84 (see README).
    /// </summary>
    ChannelsLast,
}

/// <summary>Puts activations into an <see cref="ActivationLayout"/>.</summary>
internal static class ActivationLayouts
{
    /// <summary>
    /// Whether <paramref name="layout"/> means channels-last for tensors on
    /// <paramref name="device"/>.
    /// </summary>
    public static bool IsChannelsLast(this ActivationLayout layout, Device device) =>
        layout switch
        {
            ActivationLayout.ChannelsLast => true,
            ActivationLayout.Contiguous => false,
            ActivationLayout.Auto => device.type == TorchSharp.DeviceType.CPU,
            _ => throw new ArgumentOutOfRangeException(nameof(layout), layout,
                "Unknown activation layout; use Auto, Contiguous or ChannelsLast."),
        };

    /// <summary>
    /// <paramref name="x"/> [N, C, H, W] with channels-last strides: itself if it has them, else
    /// a copy (differentiable, so it may sit inside a second-order graph).
    /// </summary>
    public static Tensor ToChannelsLast(Tensor x)
    {
        var size = x.shape;
        if (size[1] == 1 && x.is_contiguous())
        {
            // One channel: the same memory, but with the channel's stride spelt out as 1, so that
            // libtorch's convolution sees channels-last and answers in it without a copy.
            using var nhw1 = x.view(size[0], size[2], size[3], 1);
            return nhw1.permute(0, 3, 1, 2);
        }
        if (HasChannelsLastStrides(x))
        {
            return x.alias();
        }
        using var nhwc = x.permute(0, 2, 3, 1);
        using var packed = nhwc.contiguous();
        return packed.permute(0, 3, 1, 2);
    }

    /// <summary>
    /// True when the channels of [N, C, H, W] are innermost and densely packed. The stride of a
    /// dimension of size one never matters, so it is not compared.
    /// </summary>
    public static bool HasChannelsLastStrides(Tensor x)
    {
        var size = x.shape;
        var stride = x.stride();
        long[] packed = [size[1] * size[2] * size[3], 1, size[1] * size[3], size[1]];
        return Enumerable.Range(0, 4).All(d => size[d] == 1 || stride[d] == packed[d]);
    }
}
