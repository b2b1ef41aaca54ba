using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MetaHarmony.Models;

/// <summary>
/// 2x2 max pooling with stride 2 whose values and gradients (first, and second through the
/// inner loop) are those of <c>max_pool2d</c>, computed the fast way for the tensor's layout.
/// </summary>
internal static class MaxPooling
{
    /// <summary>Pools <paramref name="x"/> [N, C, H, W] over 2x2 windows (sides floor).</summary>
    public static Tensor Pool2x2(Tensor x)
    {
        // libtorch's NCHW CPU kernel walks every window in scalar code: 20% of an 84x84
        // second-order meta-step (perf). Its channels-last kernel runs across channels but
        // would hand batch norm a channels-last gradient, whose double backward is slower
        // still. So on the CPU an NCHW input is pooled as a gather of the maxima's positions.
        bool gather = x.device_type == TorchSharp.DeviceType.CPU && x.is_contiguous();
        return gather ? GatherMaxima(x) : F.max_pool2d(x, [2, 2]);
    }

    /// <summary>
    /// Finds each window's maximum channels-last, outside autograd, then gathers it from the
    /// NCHW input: autograd sees a gather, whose backward scatters to the same positions as
    /// max pooling's (the window's first maximum in row-major order, which both kernels keep)
    /// and whose double backward gathers again, all in NCHW.
    /// </summary>
    static Tensor GatherMaxima(Tensor x)
    {
        Tensor positions;
        using (no_grad())
        {
            Tensor found;
            using (var nhwc = ActivationLayouts.ToChannelsLast(x))
            {
                (var maxima, found) = F.max_pool2d_with_indices(nhwc, [2, 2]);
                maxima.Dispose();
            }
            // Freed before the copy below: the largest step of the forward holds one input-sized
            // tensor less. Positions are h * W + w within each (n, c) plane, whatever the layout.
            using (found)
            {
                positions = found.contiguous();
            }
        }

        using (positions)
        {
            using var planes = x.flatten(2);
            using var flatPositions = positions.flatten(2);
            using var picked = planes.gather(2, flatPositions);
            return picked.view_as(positions);
        }
    }
}
