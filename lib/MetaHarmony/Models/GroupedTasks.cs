using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MetaHarmony.Models;

/// <summary>
/// Layers for running T tasks in one pass, each with its own weights. Activations are kept
/// as [n, T*C, H, W] (task-major channels), so a convolution with groups = T applies task t's
/// filters to task t's channels only, and batch norm's per-channel statistics are per task.
/// Weights carry a leading task dimension: [T, ...].
/// </summary>
public static class GroupedTasks
{
    /// <summary>[T, n, C, H, W] images as the merged [n, T*C, H, W] layout.</summary>
    public static Tensor Merge(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var s = images.shape;
        return images.transpose(0, 1).reshape(s[1], s[0] * s[2], s[3], s[4]);
    }

    /// <summary>
    /// Task t's convolution on task t's channels; <paramref name="bias"/> may be null.
    /// </summary>
    public static Tensor Conv(Tensor x, Tensor weight, Tensor? bias, long stride, long padding)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        long tasks = weight.shape[0];
        var filters = weight.reshape([tasks * weight.shape[1], .. weight.shape[2..]]);
        return F.conv2d(x, filters, bias?.reshape(-1), strides: [stride, stride],
            padding: [padding, padding], groups: tasks);
    }

    /// <summary>Batch norm with batch statistics per task and channel.</summary>
    public static Tensor BatchNorm(Tensor x, Tensor weight, Tensor bias, double epsilon)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(bias);
        return F.batch_norm(x, null, null, weight.reshape(-1), bias.reshape(-1), training: true,
            eps: epsilon);
    }

    /// <summary>
    /// Task t's linear head on task t's features: [n, T*F] features give [T, n, classes].
    /// </summary>
    public static Tensor Linear(Tensor features, Tensor weight, Tensor bias)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(bias);
        long tasks = weight.shape[0];
        var perTask = features.reshape(features.shape[0], tasks, -1).transpose(0, 1);
        return perTask.bmm(weight.transpose(1, 2)) + bias.unsqueeze(1);
    }
}
