using Microsoft.Extensions.Configuration;

namespace Collector.Configuration;

/// <summary>Reads and validates the <c>Pbxs</c> list (<c>Pbxs:0:Name</c>, environment form <c>Pbxs__0__Name</c>).</summary>
internal static class PbxSettingsReader
{
    static readonly string[] Keys = ["Name", "BaseUrl", "ClientId", "ClientSecret", "ClientSecretFile", "Enabled"];

    public static IReadOnlyList<PbxOptions> Read(IConfiguration configuration)
    {
        var list = configuration.GetSection("Pbxs");
        if (!string.IsNullOrWhiteSpace(list.Value))
            throw new ConfigurationException("Pbxs", "must be a list of PBXs (Pbxs:0:Name, Pbxs:0:BaseUrl, …), not a single value.");

        var pbxs = new List<PbxOptions>();
        foreach (var entry in list.GetChildren())
        {
            if (!int.TryParse(entry.Key, out var index) || index < 0)
                throw new ConfigurationException(entry.Path, "is not a list position; number the PBXs from 0 (Pbxs:0:Name, Pbxs:1:Name, …).");
            pbxs.Add(ReadOne(new SectionReader(entry, Keys), index));
        }
        pbxs.Sort((a, b) => a.Index.CompareTo(b.Index));

        var duplicate = pbxs.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            var second = duplicate.ElementAt(1);
            throw new ConfigurationException($"Pbxs:{second.Index}:Name",
                $"\"{second.Name}\" is already the name of Pbxs:{duplicate.First().Index}; every PBX needs its own name.");
        }
        return pbxs;
    }

    static PbxOptions ReadOne(SectionReader entry, int index)
    {
        entry.RejectUnknownKeys();
        var pbx = new PbxOptions
        {
            Index = index,
            Name = entry.Required("Name", "give each PBX a short name, e.g. main."),
            Enabled = entry.Bool("Enabled", true),
            BaseUrl = entry.HttpUrl("BaseUrl"),
            ClientId = entry.String("ClientId") ?? "",
            ClientSecret = entry.String("ClientSecret"),
            ClientSecretFile = entry.String("ClientSecretFile"),
        };

        if (pbx.Name.Length > 64 || pbx.Name.Any(char.IsControl))
            throw new ConfigurationException(entry.KeyPath("Name"), "must be at most 64 printable characters.");
        if (pbx.BaseUrl is not null && pbx.BaseUrl.AbsolutePath.Contains("/xapi", StringComparison.OrdinalIgnoreCase))
            throw new ConfigurationException(entry.KeyPath("BaseUrl"),
                $"\"{pbx.BaseUrl}\" includes the /xapi path; give the PBX's address only, e.g. {pbx.BaseUrl.Scheme}://{pbx.BaseUrl.Authority}/.");
        if (pbx.ClientSecret is not null && pbx.ClientSecretFile is not null)
            throw new ConfigurationException(entry.KeyPath("ClientSecretFile"),
                $"and {entry.KeyPath("ClientSecret")} are both set; set only one.");
        if (pbx.ClientSecretFile is not null)
            pbx.ClientSecret = Secrets.ReadFile(entry.KeyPath("ClientSecretFile"), pbx.ClientSecretFile);

        if (!pbx.Enabled) return pbx;   // a switched-off PBX may be half configured
        if (pbx.BaseUrl is null)
            throw new ConfigurationException(entry.KeyPath("BaseUrl"), "is not set; give the PBX's address, e.g. https://pbx.example.com/.");
        if (pbx.ClientId.Length == 0)
            throw new ConfigurationException(entry.KeyPath("ClientId"),
                "is not set; use the Client ID shown in the 3CX Admin Console → Integrations → API.");
        if (pbx.ClientSecret is null)
            throw new ConfigurationException(entry.KeyPath("ClientSecret"),
                $"is not set (nor {entry.KeyPath("ClientSecretFile")}); use the API key shown when the API client was created in 3CX.");
        return pbx;
    }
}
