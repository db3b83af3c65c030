using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Collector.Configuration;

/// <summary>
/// <c>PbxListFile</c>: a JSON file holding an array of PBX entries with the same keys as <c>Pbxs:N:…</c>
/// (<c>[{"Name":"north","BaseUrl":"https://…","ClientId":"…","ClientSecretFile":"secrets/north"}, …]</c>), for a list
/// too long for variables. Its entries come after the <c>Pbxs</c> ones and are named <c>PbxListFile:N</c> in messages;
/// relative file paths in an entry (<c>ClientSecretFile</c>, <c>CaCertificateFile</c>) are relative to the list file's folder.
/// </summary>
internal static class PbxListFile
{
    /// <summary>The top-level key that names the file.</summary>
    public const string Key = "PbxListFile";

    /// <summary>Largest list file read (a few hundred bytes per PBX: thousands of PBXs fit).</summary>
    const long MaxBytes = 4 * 1024 * 1024;

    /// <summary>
    /// The entries of the file that <paramref name="configuration"/>'s <see cref="Key"/> names, bound and numbered from
    /// <paramref name="firstIndex"/>; none when the key is not set. A missing or unreadable file, text that is not a
    /// JSON array of objects, an unknown key or a value of the wrong kind throws a <see cref="ConfigurationException"/>
    /// naming the entry (<c>PbxListFile:3:BaseUrl</c>).
    /// </summary>
    public static IReadOnlyList<PbxOptions> Read(IConfiguration configuration, int firstIndex)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var path = configuration[Key];
        if (string.IsNullOrWhiteSpace(path)) return [];
        path = path.Trim();
        var entries = Load(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? "";
        var list = new List<PbxOptions>();
        foreach (var entry in entries.GetChildren().OrderBy(e => int.Parse(e.Key, System.Globalization.CultureInfo.InvariantCulture)))
        {
            var pbx = new PbxOptions { Index = firstIndex + list.Count, Key = entry.Path };
            entry.Bind(pbx, binder => binder.ErrorOnUnknownConfiguration = true);
            pbx.ClientSecretFile = Beside(folder, pbx.ClientSecretFile);
            pbx.CaCertificateFile = Beside(folder, pbx.CaCertificateFile);
            list.Add(pbx);
        }
        return list;
    }

    /// <summary>The file as configuration under <see cref="Key"/> (<c>PbxListFile:0:Name</c>, …), empty values left out, checked like <c>Pbxs</c>.</summary>
    static IConfigurationSection Load(string path)
    {
        string text;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxBytes)
                throw new ConfigurationException(Key, $"\"{path}\" is larger than {MaxBytes / (1024 * 1024)} MB; is it the right file?");
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var why = ex is FileNotFoundException or DirectoryNotFoundException ? "does not exist"
                : ex is UnauthorizedAccessException ? "cannot be read (permission denied)"
                : "cannot be read";
            throw new ConfigurationException(Key, $"\"{path}\" {why}.");
        }
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                throw new ConfigurationException(Key, $"\"{path}\" must hold a JSON array of PBX entries ([{{\"Name\":…,\"BaseUrl\":…}}, …]), not a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}.");
            var position = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.Object)
                    throw new ConfigurationException($"{Key}:{position}", $"in \"{path}\" must be a JSON object of PBX keys (Name, BaseUrl, ClientId, …).");
                position++;
            }
        }
        catch (JsonException e)
        {
            throw new ConfigurationException(Key, $"\"{path}\" is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).");
        }

        // The JSON configuration provider reads objects only: the array goes under the key, so entries are PbxListFile:N.
        using var wrapped = new MemoryStream(Encoding.UTF8.GetBytes($"{{\"{Key}\":{text}\n}}"));
        var configuration = CollectorConfiguration.WithoutEmptyValues(new ConfigurationBuilder().AddJsonStream(wrapped).Build());
        var section = configuration.GetSection(Key);
        ConfigurationPrecheck.CheckNode(section, typeof(List<PbxOptions>));
        return section;
    }

    static string? Beside(string folder, string? file) =>
        string.IsNullOrWhiteSpace(file) || Path.IsPathRooted(file) ? file : Path.Combine(folder, file);
}
