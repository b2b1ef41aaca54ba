namespace MetaHarmony.Runtime;

/// <summary>What the tensor runtime was set up with; worth one line in every log.</summary>
/// <param name="Backend">"cpu" or "cuda": the libtorch build the kit was compiled against.</param>
/// <param name="Device">The device computations run on ("cpu", "cuda:0").</param>
/// <param name="Threads">Intra-op threads in use.</param>
/// <param name="WaitPolicy">OMP_WAIT_POLICY as libgomp saw it ("default" when unset).</param>
/// <param name="LibTorchFolder">Folder of the libtorch loaded, if the kit found it.</param>
/// <param name="Warnings">Settings that could not be applied, in plain words.</param>
/// <param name="CpuMemory">What becomes of host memory that freed tensors give back.</param>
public sealed record RuntimeInfo(
    string Backend,
    string Device,
    int Threads,
    string WaitPolicy,
    string? LibTorchFolder,
    IReadOnlyList<string> Warnings,
    CpuMemoryPolicy CpuMemory)
{
    /// <summary>One line for a log: backend, device, threads, wait policy, freed memory.
    /// </summary>
    public override string ToString() =>
        $"TorchSharp {Backend} backend | device {Device} | {Threads} intra-op threads | "
        + $"OMP_WAIT_POLICY {WaitPolicy} | freed memory {CpuMemory.Describe()}"
        + (Warnings.Count > 0 ? " | " + string.Join("; ", Warnings) : "");
}
