namespace MetaHarmony.Datasets;

/// <summary>
/// Which few-shot dataset to load and how: an immutable record that an experiment config embeds
/// and a notebook cell edits with <c>with</c>. Every property has a documented default;
/// <see cref="Validate"/> checks the values without touching the disk, and
/// <see cref="FewShotDatasets.Load"/> checks the files. data/README.md describes each layout.
/// </summary>
public sealed record DatasetOptions
{
    /// <summary>Image side used when <see cref="ImageSize"/> is null, for grey datasets.</summary>
    public const int DefaultGreySize = 28;

    /// <summary>Image side used when <see cref="ImageSize"/> is null, for colour datasets.
    /// </summary>
    public const int DefaultColourSize = 84;

    /// <summary>
    /// One of <see cref="DatasetNames.All"/>: "kanji" (default, embedded, no files), "omniglot",
    /// "miniimagenet", "tieredimagenet", "cub" or "folder". Case is ignored.
    /// </summary>
    public string Name { get; init; } = DatasetNames.Kanji;

    /// <summary>The dataset's folder on disk; required for every dataset but "kanji".</summary>
    public string? Root { get; init; }

    /// <summary>
    /// Side of the square images, in pixels; null takes 28 for kanji and Omniglot, 84 for the
    /// others (the sizes of the published baselines). Images are resized to it once, when the
    /// packed cache is built.
    /// </summary>
    public int? ImageSize { get; init; }

    /// <summary>1 (grey) or 3 (RGB); null takes 1 for kanji and Omniglot, 3 for the others.
    /// </summary>
    public int? Channels { get; init; }

    /// <summary>
    /// Where packed caches of real datasets go. Null (default): beside the data, in
    /// <see cref="Root"/>, or, where that folder is not writable, in the user's cache folder
    /// ($XDG_CACHE_HOME/metaharmony or ~/.cache/metaharmony). Kanji is rendered, not cached.
    /// </summary>
    public string? CacheFolder { get; init; }

    /// <summary>
    /// False (default): an image that cannot be read or decoded stops the load with its path.
    /// True: it is left out, listed in <see cref="FewShotDataset.SkippedImages"/> and reported
    /// as a count (<see cref="FewShotDataset.SkippedImagesNotice"/>).
    /// </summary>
    public bool SkipCorruptImages { get; init; }

    /// <summary>Omniglot only: the MAML split (default) or the Vinyals split files.</summary>
    public OmniglotSplitKind OmniglotSplit { get; init; } = OmniglotSplitKind.Maml;

    /// <summary>
    /// Omniglot's Vinyals split only: the folder holding train.txt, val.txt and test.txt.
    /// </summary>
    public string? SplitFolder { get; init; }

    /// <summary>Seed of the Omniglot MAML shuffle (default 1, as in MAML's own code).</summary>
    public long SplitSeed { get; init; } = 1;

    /// <summary>Kanji only: white strokes on black (default) or black on white.</summary>
    public StrokePolarity KanjiPolarity { get; init; } = StrokePolarity.WhiteOnBlack;

    /// <summary>Kanji only: rendered instances ("drawers") per character, 20 as in Omniglot.
    /// </summary>
    public int KanjiInstances { get; init; } = 20;

    /// <summary>Kanji only: seed of the rendering; a glyph is a pure function of it, the
    /// character and the instance.</summary>
    public long KanjiSeed { get; init; }

    /// <summary>The name in lower case.</summary>
    public string NormalizedName => Name.Trim().ToLowerInvariant();

    /// <summary>True for the grey datasets (kanji, Omniglot).</summary>
    bool IsGreyByDefault =>
        NormalizedName is DatasetNames.Kanji or DatasetNames.Omniglot;

    /// <summary>The image side in force: <see cref="ImageSize"/> or the dataset's default.
    /// </summary>
    public int EffectiveImageSize =>
        ImageSize ?? (IsGreyByDefault ? DefaultGreySize : DefaultColourSize);

    /// <summary>The channel count in force: <see cref="Channels"/> or the dataset's default.
    /// </summary>
    public int EffectiveChannels => Channels ?? (IsGreyByDefault ? 1 : 3);

    /// <summary>
    /// Checks every value; an <see cref="ArgumentException"/> names the bad one and what to
    /// use instead. Returns this record, so it can be chained.
    /// </summary>
    public DatasetOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(Name) || !DatasetNames.All.Contains(NormalizedName))
        {
            throw new ArgumentException(
                $"Dataset name '{Name}' is not known; use one of "
                + string.Join(", ", DatasetNames.All) + ".", nameof(Name));
        }
        if (NormalizedName != DatasetNames.Kanji && string.IsNullOrWhiteSpace(Root))
        {
            throw new ArgumentException(
                $"Dataset '{NormalizedName}' needs Root, the folder holding it "
                + "(see data/README.md, section 'Datasets').", nameof(Root));
        }
        if (ImageSize is < 4 or > 1024)
        {
            throw new ArgumentException(
                $"ImageSize = {ImageSize} is out of range; use 4 to 1024 pixels, "
                + "or null for the dataset's default.", nameof(ImageSize));
        }
        if (Channels is not (null or 1 or 3))
        {
            throw new ArgumentException(
                $"Channels = {Channels} is not supported; use 1 (grey), 3 (RGB) or null.",
                nameof(Channels));
        }
        if (KanjiInstances is < 1 or > 1000)
        {
            throw new ArgumentException(
                $"KanjiInstances = {KanjiInstances} is out of range; use 1 to 1000.",
                nameof(KanjiInstances));
        }
        if (!Enum.IsDefined(OmniglotSplit) || !Enum.IsDefined(KanjiPolarity))
        {
            throw new ArgumentException(
                $"OmniglotSplit = {OmniglotSplit} or KanjiPolarity = {KanjiPolarity} is not "
                + "a defined value.", nameof(OmniglotSplit));
        }
        if (NormalizedName == DatasetNames.Omniglot && OmniglotSplit == OmniglotSplitKind.Vinyals
            && string.IsNullOrWhiteSpace(SplitFolder))
        {
            throw new ArgumentException(
                "OmniglotSplit = Vinyals needs SplitFolder, the folder holding train.txt, "
                + "val.txt and test.txt (see data/README.md, section 'Omniglot').",
                nameof(SplitFolder));
        }
        return this;
    }
}
