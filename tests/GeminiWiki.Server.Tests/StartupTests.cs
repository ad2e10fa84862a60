using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GeminiWiki.Domain.Storage;
using GeminiWiki.Server.Hosting;
using GeminiWiki.Server.Tests.Support;
using GeminiWiki.Server.Tls;
using Microsoft.Extensions.Options;

namespace GeminiWiki.Server.Tests;

public sealed class StartupTests
{
    [Fact]
    public async Task First_start_generates_an_ECDSA_certificate_with_an_owner_only_key_and_later_starts_keep_it()
    {
        var root = NewRoot();
        string firstFingerprint;
        await using (var server = await TestServer.StartAsync(root: root))
        {
            firstFingerprint = Fingerprint(server.CertificateDirectory);
            var reply = await GeminiTestClient.RequestAsync(server.Port, server.Url() + "\r\n");
            Assert.Equal(20, reply.Status);
        }

        await using (var again = await TestServer.StartAsync(root: root))
        {
            Assert.Equal(firstFingerprint, Fingerprint(again.CertificateDirectory));
        }

        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public void Generated_certificate_names_the_host_in_CN_and_SAN_and_lasts_for_decades()
    {
        var directory = NewRoot();
        var store = new ServerCertificateStore(Options.Create(new GeminiOptions()), new ServerPaths(directory, directory, directory, directory),
            TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<ServerCertificateStore>.Instance);
        store.Generate("wiki.example", Path.Combine(directory, "server.crt"), Path.Combine(directory, "server.key"));

        using var certificate = X509Certificate2.CreateFromPemFile(Path.Combine(directory, "server.crt"), Path.Combine(directory, "server.key"));
        Assert.Equal("CN=wiki.example", certificate.Subject);
        Assert.Contains("wiki.example", certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
        Assert.Equal("1.2.840.10045.2.1", certificate.PublicKey.Oid.Value); // id-ecPublicKey
        Assert.True(certificate.NotAfter > DateTime.UtcNow.AddYears(50));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, "server.key")));
        }
    }

    [Fact]
    public async Task A_missing_configured_certificate_stops_start_up_naming_the_file()
    {
        var missing = Path.Combine(NewRoot(), "nope.crt");

        var error = await Assert.ThrowsAsync<StartupException>(() =>
            TestServer.StartAsync(settings: [("Gemini:CertificatePath", missing), ("Gemini:KeyPath", missing + ".key")]));

        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public async Task Half_a_generated_pair_stops_start_up_instead_of_replacing_the_pinned_identity()
    {
        var root = NewRoot();
        Directory.CreateDirectory(Path.Combine(root, "certs"));
        await File.WriteAllTextAsync(Path.Combine(root, "certs", "server.crt"), "-----BEGIN CERTIFICATE-----\n");

        var error = await Assert.ThrowsAsync<StartupException>(() => TestServer.StartAsync(root: root));

        Assert.Contains("server.key", error.Message);
        Assert.False(File.Exists(Path.Combine(root, "certs", "server.key")));
    }

    [Fact]
    public async Task A_port_in_use_stops_start_up_with_a_clear_message()
    {
        await using var first = await TestServer.StartAsync();

        var error = await Assert.ThrowsAsync<StartupException>(() =>
            TestServer.StartAsync(settings: [("Gemini:Port", first.Port.ToString())]));

        Assert.Contains(first.Port.ToString(), error.Message);
    }

    [Theory]
    [InlineData("Gemini:RequestTimeoutSeconds", "5", "RequestTimeoutSeconds")]
    [InlineData("Gemini:Port", "70000", "Gemini:Port")]
    [InlineData("Gemini:Hostname", "not a host", "Gemini:Hostname")]
    [InlineData("Gemini:ListenAddresses:0", "everywhere", "ListenAddresses")]
    [InlineData("Gemini:MaxConnectionsPerIp", "0", "MaxConnectionsPerIp")]
    public async Task A_bad_setting_stops_start_up_naming_the_field(string key, string value, string named)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestServer.StartAsync(settings: [(key, value)]));

        Assert.Contains(named, error.Message);
    }

    [Fact]
    public async Task A_database_held_by_another_process_ends_start_up_with_exit_75()
    {
        var root = NewRoot();
        using var other = WikiDatabase.Open(Path.Combine(root, "data"));

        var exit = await ServerHost.RunAsync(ServerArgs(root));

        Assert.Equal(ServerHost.ExitDatabaseInUse, exit);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(20_000)]
    [InlineData(16_384)]
    public async Task An_empty_or_unreadable_database_ends_start_up_with_exit_74_and_is_left_as_it_was(int garbageBytes)
    {
        var root = NewRoot();
        var file = Path.Combine(root, "data", WikiDatabase.DatabaseFileName);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var garbage = new byte[garbageBytes];
        new Random(7).NextBytes(garbage);
        await File.WriteAllBytesAsync(file, garbage);

        var exit = await ServerHost.RunAsync(ServerArgs(root));

        Assert.Equal(ServerHost.ExitDatabaseDamaged, exit);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(file));
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public void A_damaged_database_is_named_with_what_to_do()
    {
        var directory = NewRoot();
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, WikiDatabase.DatabaseFileName), []);

        var damaged = Assert.Throws<DatabaseDamagedException>(() => WikiDatabase.Open(directory));

        Assert.Equal(Path.Combine(directory, WikiDatabase.DatabaseFileName), damaged.FilePath);
        Assert.Contains("is damaged (the file is empty (0 bytes))", damaged.Message, StringComparison.Ordinal);
        Assert.Contains("Restore the newest backup with `geminiwiki restore <backup file>`", damaged.Message, StringComparison.Ordinal);
        // The lock is released with the refusal: fixing the file and starting again works.
        File.Delete(Path.Combine(directory, WikiDatabase.DatabaseFileName));
        using var reopened = WikiDatabase.Open(directory);
        Directory.Delete(directory, recursive: true);
    }

    private static string[] ServerArgs(string root)
    {
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "gemini.json"), "{}");
        return
        [
            "--config", Path.Combine(root, "gemini.json"),
            "--Gemini:Port", "0",
            "--Gemini:ListenAddresses:0", "127.0.0.1",
            "--Serilog:MinimumLevel:Default", "Fatal",
        ];
    }

    private static string NewRoot() => Path.Combine(Path.GetTempPath(), "geminiwiki-tests", Guid.NewGuid().ToString("n"));

    private static string Fingerprint(string certificateDirectory)
    {
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(certificateDirectory, "server.crt")));
        return Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
    }
}
