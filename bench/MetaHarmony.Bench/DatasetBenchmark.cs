using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MetaHarmony.Datasets;
using MetaHarmony.Runtime;
using StbImageWriteSharp;

namespace MetaHarmony.Bench;

/// <summary>
/// Times the data path before training: rendering the embedded kanji set, building the packed
/// cache of an image folder (decode, resize, pack), and loading that cache once built.
/// </summary>
internal static class DatasetBenchmark
{
    public static int Run(BenchOptions o)
    {
        var info = TorchRuntime.Initialize(new RuntimeOptions
        {
            Threads = o.Threads, WaitPolicy = o.WaitPolicy, Device = o.Device,
        });
        Console.WriteLine($"MetaHarmony | {info} | dataset timings");
        var result = new Dictionary<string, object>();

        var clock = Stopwatch.StartNew();
        using (var kanji = FewShotDatasets.Load(new DatasetOptions { ImageSize = o.Image }))
        {
            double seconds = clock.Elapsed.TotalSeconds;
            long images = new[] { kanji.Train, kanji.Validation, kanji.Test }
                .Sum(split => split.Images.shape[0]);
            result["kanji_render_s"] = seconds;
            result["kanji_images"] = images;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"kanji: {images} images at {o.Image}x{o.Image} rendered in {seconds:F2} s "
                + $"({images / seconds:F0} images/s)"));
        }

        string root = Path.Combine(Path.GetTempPath(),
            $"metaharmony-bench-{Environment.ProcessId}");
        try
        {
            int files = WriteFolder(root, o.FolderClasses, o.FolderImages, o.FolderSourceSize);
            var options = new DatasetOptions
            {
                Name = DatasetNames.Folder, Root = root, ImageSize = o.Image,
                CacheFolder = Path.Combine(root, "cache"),
            };
            double build = Time(() => FewShotDatasets.Load(options));
            double load = Time(() => FewShotDatasets.Load(options));
            result["cache_images"] = files;
            result["cache_build_s"] = build;
            result["cache_build_images_per_s"] = files / build;
            result["cache_load_s"] = load;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"image folder: {files} JPEGs of {o.FolderSourceSize}x{o.FolderSourceSize} "
                + $"packed at {o.Image}x{o.Image} in {build:F2} s ({files / build:F0} images/s); "
                + $"the built cache loads in {load:F3} s"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }

        if (o.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(result));
        }
        return 0;
    }

    static double Time(Func<FewShotDataset> load)
    {
        var clock = Stopwatch.StartNew();
        using var dataset = load();
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Writes root/{train,val,test}/classNNN/imageNN.jpg, split 60/20/20: smooth colour
    /// gradients with noise, so that JPEG decoding does the work a photograph asks of it.
    /// </summary>
    static int WriteFolder(string root, int classes, int perClass, int size)
    {
        var writer = new ImageWriter();
        var random = new Random(3);
        var pixels = new byte[size * size * 3];
        for (int c = 0; c < classes; c++)
        {
            string split = c < classes * 6 / 10 ? "train" : c < classes * 8 / 10 ? "val" : "test";
            string folder = Path.Combine(root, split, $"class{c:D3}");
            Directory.CreateDirectory(folder);
            for (int i = 0; i < perClass; i++)
            {
                for (int p = 0; p < pixels.Length; p++)
                {
                    int y = p / (size * 3), x = p / 3 % size, channel = p % 3;
                    int value = (x * (channel + 1) + y * (c % 5 + 1)) % 256
                        + random.Next(-20, 21);
                    pixels[p] = (byte)Math.Clamp(value, 0, 255);
                }
                using var stream = File.Create(Path.Combine(folder, $"image{i:D2}.jpg"));
                writer.WriteJpg(pixels, size, size, ColorComponents.RedGreenBlue, stream, 90);
            }
        }
        return classes * perClass;
    }
}
