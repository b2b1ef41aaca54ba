namespace MetaHarmony.Datasets;

/// <summary>How Omniglot's characters are divided into train, validation and test.</summary>
public enum OmniglotSplitKind
{
    /// <summary>
    /// As in MAML (Finn et al. 2017): all 1,623 characters of both folders shuffled with a fixed
    /// seed (<see cref="DatasetOptions.SplitSeed"/>), then 1,100 train, 100 validation and
    /// 423 test. Other character counts are divided in the same proportions.
    /// </summary>
    Maml,

    /// <summary>
    /// As in Vinyals et al. 2016: the split files train.txt, val.txt and test.txt in
    /// <see cref="DatasetOptions.SplitFolder"/>, one "Alphabet/characterNN/rotDDD" a line;
    /// each rotation of a character (0, 90, 180, 270 degrees) is a class of its own.
    /// </summary>
    Vinyals,
}
