using System.Diagnostics;
using System.Security.Cryptography;
using CitySense.DevHost.LocalCosmos;
using CitySense.DevHost.LocalQueues;
using CitySense.ReliabilityTests.Support;

namespace CitySense.ReliabilityTests.Security;

/// <summary>The repository holds no key, connection string with a secret, or private key.</summary>
public sealed class SecretScanTests
{
    private const long MaxScannedBytes = 8 * 1024 * 1024;

    [Fact]
    public async Task RepositoryFiles_TrackedOrAboutToBe_HoldNoSecrets()
    {
        var files = await RepositoryFilesAsync();
        var findings = new List<string>();
        var scanned = 0;
        foreach (var file in files)
        {
            var path = RepoRoot.Combine(file.Split('/'));
            if (!File.Exists(path) || new FileInfo(path).Length > MaxScannedBytes)
            {
                continue;
            }

            var bytes = await File.ReadAllBytesAsync(path);
            if (bytes.AsSpan(0, Math.Min(bytes.Length, 8000)).Contains((byte)0))
            {
                continue; // Binary.
            }

            scanned++;
            findings.AddRange(SecretScanner.Scan(System.Text.Encoding.UTF8.GetString(bytes)).Select(f => $"{file}:{f.Line}: {f.Kind}"));
        }

        Assert.True(scanned > 100, $"Only {scanned} files were scanned; is this a git work tree?");
        Assert.True(findings.Count == 0, "Secrets in the repository:\n" + string.Join("\n", findings));
    }

    [Fact]
    public void Scanner_PlantedSecrets_AreEachFound()
    {
        // Built at run time so that this file holds none of them.
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        string[] planted =
        [
            "DefaultEndpointsProtocol=https;AccountName=x;Account" + "Key=" + key + ";EndpointSuffix=core.windows.net",
            "Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=all;SharedAccess" + "Key=" + key,
            "-----BEGIN " + "RSA PRIVATE KEY-----\nMIIEow...\n",
            "-----BEGIN " + "PRIVATE KEY-----\nMIIEvQ...\n",
            "-----BEGIN OPENSSH " + "PRIVATE KEY-----\nb3Blbn...\n",
            "\"client" + "Secret\": \"" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)) + "\"",
            "abc8" + "Q~" + "abcdefghijklmnopqrstuvwxyz01234567",
            "x-functions" + "-key: " + KeyedApiFixture.Base64UrlKey(),
            "https://app.azurewebsites.net/api/sensors?co" + "de=" + KeyedApiFixture.Base64UrlKey(),
            "Ocp-Apim-Subscription" + "-Key: " + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            "Server=x;User Id=sa;Pass" + "word=" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)),
            "gh" + "p_" + new string('a', 36),
            "AK" + "IA" + "ABCDEFGHIJKLMNOP",
            "COSMOS_KEY=" + key,
        ];

        Assert.All(planted, text => Assert.NotEmpty(SecretScanner.Scan(text)));
    }

    [Fact]
    public void Scanner_EmulatorKeyAndLockFileHashes_AreAllowed()
    {
        var text = $"AccountEndpoint=https://localhost:8081/;AccountKey={LocalCosmosServer.WellKnownKey}\n" +
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={LocalQueueServer.WellKnownKey}\n" +
            "\"integrity\": \"sha512-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)) + "\"\n" +
            "Cosmos__Key is empty in Azure; client secrets are never used.";

        Assert.Empty(SecretScanner.Scan(text));
    }

    /// <summary>Files git tracks, plus new files it would add (not ignored): what a commit would publish.</summary>
    private static async Task<IReadOnlyList<string>> RepositoryFilesAsync()
    {
        var start = new ProcessStartInfo("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"])
        {
            WorkingDirectory = RepoRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var git = Process.Start(start) ?? throw new InvalidOperationException("git could not be started.");
        var output = await git.StandardOutput.ReadToEndAsync();
        var error = await git.StandardError.ReadToEndAsync();
        await git.WaitForExitAsync();
        Assert.True(git.ExitCode == 0, $"git ls-files failed: {error}");
        return [.. output.Split('\0', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal)];
    }
}
