using MetaHarmony.Runtime;

namespace MetaHarmony.Datasets;

/// <summary>
/// Draws kanji as if written by hand, one "drawer" per instance, with a small managed
/// rasteriser: every stroke is bent into a quadratic curve, its ends jittered and its width
/// varied; the whole glyph is rotated, sheared, scaled and shifted; pixels are covered by the
/// distance from their centre to the curve (anti-aliased over one pixel). A glyph is a pure
/// function of (seed, code point, instance, size, polarity): same inputs, same bytes, on any
/// machine, because the random draws come from <see cref="SplitMix64"/>.
/// </summary>
public static class KanjiRenderer
{
    const int MaxSegmentsPerStroke = 8;

    /// <summary>Draws one instance into <paramref name="destination"/> (size x size bytes,
    /// row-major).</summary>
    /// <param name="character">The character to draw.</param>
    /// <param name="instance">Which drawer (0, 1, ...): each draws differently.</param>
    /// <param name="seed">The dataset's rendering seed.</param>
    /// <param name="size">Image side in pixels.</param>
    /// <param name="polarity">White on black or black on white.</param>
    /// <param name="destination">size * size bytes to overwrite.</param>
    public static void Render(KanjiCharacter character, int instance, long seed, int size,
        StrokePolarity polarity, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(character);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 4);
        if (destination.Length != size * size)
        {
            throw new ArgumentException(
                $"Destination holds {destination.Length} bytes; a {size}x{size} glyph needs "
                + $"{size * size}.", nameof(destination));
        }

        var random = SplitMix64.ForKey(seed, character.CodePoint, instance);
        var coverage = new float[size * size];
        var pose = GlyphPose.Draw(ref random, size);
        foreach (var stroke in character.Strokes)
        {
            DrawStroke(stroke, pose, ref random, size, coverage);
        }

        for (int i = 0; i < coverage.Length; i++)
        {
            byte ink = (byte)MathF.Round(coverage[i] * 255f);
            destination[i] = polarity == StrokePolarity.WhiteOnBlack ? ink : (byte)(255 - ink);
        }
    }

    /// <summary>
    /// Draws <paramref name="instances"/> instances of each character, class after class, in
    /// parallel; reports progress in images.
    /// </summary>
    /// <returns>classes * instances * size * size bytes.</returns>
    public static byte[] RenderAll(IReadOnlyList<KanjiCharacter> characters, int instances,
        long seed, int size, StrokePolarity polarity, IProgress<DatasetProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(characters);
        ArgumentOutOfRangeException.ThrowIfLessThan(instances, 1);
        int pixels = size * size;
        var images = new byte[(long)characters.Count * instances * pixels];
        int total = characters.Count * instances;

        // Chunks of classes, so that progress is reported from this thread at a steady rhythm.
        const int ChunkClasses = 64;
        for (int start = 0; start < characters.Count; start += ChunkClasses)
        {
            int end = Math.Min(start + ChunkClasses, characters.Count);
            Parallel.For(start * instances, end * instances, image =>
                Render(characters[image / instances], image % instances, seed, size, polarity,
                    images.AsSpan((int)((long)image * pixels), pixels)));
            progress?.Report(new DatasetProgress("rendering kanji", end * instances, total));
        }
        return images;
    }

    static void DrawStroke(KanjiStroke stroke, GlyphPose pose, ref SplitMix64 random, int size,
        float[] coverage)
    {
        // Glyph space: the table's 0-255 grid mapped to [-0.5, 0.5], then the writer's jitter.
        const double Jitter = 0.025;
        double x1 = stroke.X1 / 255.0 - 0.5 + random.NextUniform(-Jitter, Jitter);
        double y1 = stroke.Y1 / 255.0 - 0.5 + random.NextUniform(-Jitter, Jitter);
        double x2 = stroke.X2 / 255.0 - 0.5 + random.NextUniform(-Jitter, Jitter);
        double y2 = stroke.Y2 / 255.0 - 0.5 + random.NextUniform(-Jitter, Jitter);

        // A hand does not draw straight lines: the middle control point leaves the chord
        // sideways by up to 15% of the stroke's length.
        double bend = random.NextUniform(-0.15, 0.15);
        double cx = (x1 + x2) / 2 - (y2 - y1) * bend;
        double cy = (y1 + y2) / 2 + (x2 - x1) * bend;
        double radius = Math.Max(pose.HalfWidth * random.NextUniform(0.8, 1.2), 0.6);

        // A quadratic curve stays one under an affine map, so the control points are mapped
        // to pixels first and the curve is sampled there.
        var (ax, ay) = pose.ToPixels(x1, y1);
        var (bx, by) = pose.ToPixels(cx, cy);
        var (ex, ey) = pose.ToPixels(x2, y2);

        // About one segment per two pixels of length (the control polygon bounds the curve's
        // length): a small glyph needs few, and every segment costs its bounding box.
        double polygon = Math.Sqrt((bx - ax) * (bx - ax) + (by - ay) * (by - ay))
            + Math.Sqrt((ex - bx) * (ex - bx) + (ey - by) * (ey - by));
        int segments = Math.Clamp((int)Math.Ceiling(polygon / 2), 1, MaxSegmentsPerStroke);
        double px = ax, py = ay;
        for (int s = 1; s <= segments; s++)
        {
            double t = (double)s / segments, u = 1 - t;
            double qx = u * u * ax + 2 * u * t * bx + t * t * ex;
            double qy = u * u * ay + 2 * u * t * by + t * t * ey;
            DrawSegment(px, py, qx, qy, radius, size, coverage);
            (px, py) = (qx, qy);
        }
    }

    static void DrawSegment(double ax, double ay, double bx, double by, double radius, int size,
        float[] coverage)
    {
        double reach = radius + 1;
        int left = Math.Max(0, (int)Math.Floor(Math.Min(ax, bx) - reach));
        int right = Math.Min(size - 1, (int)Math.Ceiling(Math.Max(ax, bx) + reach));
        int top = Math.Max(0, (int)Math.Floor(Math.Min(ay, by) - reach));
        int bottom = Math.Min(size - 1, (int)Math.Ceiling(Math.Max(ay, by) + reach));
        double dx = bx - ax, dy = by - ay;
        double lengthSquared = Math.Max(dx * dx + dy * dy, 1e-12);

        for (int row = top; row <= bottom; row++)
        {
            double y = row + 0.5;
            for (int column = left; column <= right; column++)
            {
                double x = column + 0.5;
                double t = Math.Clamp(((x - ax) * dx + (y - ay) * dy) / lengthSquared, 0, 1);
                double ox = x - (ax + t * dx), oy = y - (ay + t * dy);
                double distance = Math.Sqrt(ox * ox + oy * oy);

                // Full ink inside the stroke, none beyond half a pixel outside it, linear
                // between: a one-pixel anti-aliasing ramp.
                float ink = (float)Math.Clamp(radius - distance + 0.5, 0, 1);
                ref float cell = ref coverage[row * size + column];
                cell = Math.Max(cell, ink);
            }
        }
    }

    /// <summary>One drawer's pose for the whole glyph: an affine map into pixels, and a pen.
    /// </summary>
    readonly record struct GlyphPose(double A, double B, double C, double D, double Tx,
        double Ty, double HalfWidth)
    {
        public static GlyphPose Draw(ref SplitMix64 random, int size)
        {
            double angle = random.NextUniform(-0.15, 0.15);
            double shear = random.NextUniform(-0.15, 0.15);
            double scale = random.NextUniform(0.78, 0.95);
            double aspect = random.NextUniform(0.92, 1.08);
            double shiftX = random.NextUniform(-0.05, 0.05);
            double shiftY = random.NextUniform(-0.05, 0.05);
            double halfWidth = random.NextUniform(0.024, 0.04) * size;

            // Rotation x shear x scale, in pixels; the glyph's centre lands near the image's.
            double sx = scale * aspect * size, sy = scale / aspect * size;
            double cos = Math.Cos(angle), sin = Math.Sin(angle);
            return new GlyphPose(
                A: cos * sx, B: (cos * shear - sin) * sy,
                C: sin * sx, D: (sin * shear + cos) * sy,
                Tx: (0.5 + shiftX) * size, Ty: (0.5 + shiftY) * size,
                HalfWidth: halfWidth);
        }

        public (double X, double Y) ToPixels(double x, double y) =>
            (A * x + B * y + Tx, C * x + D * y + Ty);
    }
}
