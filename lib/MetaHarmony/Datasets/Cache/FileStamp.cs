namespace MetaHarmony.Datasets;

/// <summary>
/// A file's size and last write time (UTC ticks): part of the packed cache's key.
/// </summary>
/// <param name="Size">Length in bytes.</param>
/// <param name="LastWriteTicks">Last write time, UTC, in ticks.</param>
internal readonly record struct FileStamp(long Size, long LastWriteTicks);
