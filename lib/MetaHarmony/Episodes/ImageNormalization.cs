namespace MetaHarmony.Episodes;

/// <summary>How an episode's uint8 pixels become the floats a model sees.</summary>
public enum ImageNormalization
{
    /// <summary>Pixel / 255, in [0, 1], and nothing more: what MAML's own code does.</summary>
    UnitRange,

    /// <summary>
    /// (pixel / 255 - mean) / std per channel, with the training split's own statistics
    /// (<see cref="Datasets.FewShotDataset.TrainStatistics"/>), for every split.
    /// </summary>
    DatasetStatistics,

    /// <summary>(pixel / 255 - mean) / std per channel, with <see cref="EpisodeOptions.Mean"/>
    /// and <see cref="EpisodeOptions.Std"/> (for example ImageNet's).</summary>
    Custom,
}
