using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using GeminiWiki.Domain.Identity;
using GeminiWiki.Domain.Identity.Storage;
using GeminiWiki.Domain.Storage;

namespace GeminiWiki.Server.Tests.Identity;

public sealed partial class CrashDurabilityTests
{
    [Fact]
    public async Task A_registration_acknowledged_to_the_client_survives_kill_9_of_the_server()
    {
        var root = Path.Combine(Path.GetTempPath(), "geminiwiki-crash-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "content"));
        var data = Path.Combine(root, "data");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "GeminiWiki.Server.dll"),
            "--Gemini:Port", "0",
            "--Gemini:ListenAddresses:0", "127.0.0.1",
            "--Gemini:DataDirectory", data,
            "--Gemini:CertificateDirectory", Path.Combine(root, "certs"),
            "--Gemini:ContentDirectory", Path.Combine(root, "content"),
            "--Web:Enabled", "false",
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var server = Process.Start(start)!;
        try
        {
            // The server says where it listens once it accepts; nothing here waits on a clock.
            string? line;
            Match listening;
            do
            {
                line = await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
                if (line is null)
                {
                    Assert.Fail("The server exited: " + await server.StandardError.ReadToEndAsync());
                }

                listening = ListeningLine().Match(line);
            }
            while (!listening.Success);

            // The first listener decides the port the server answers for (see the host's ServedAuthority).
            var endPoint = new IPEndPoint(IPAddress.Parse(listening.Groups[1].Value.Trim('[', ']')) is { } address && address.Equals(IPAddress.IPv6Any)
                ? IPAddress.IPv6Loopback
                : IPAddress.Loopback, int.Parse(listening.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
            using var certificate = TestCertificates.Valid("survivor");
            var reply = await new TestClient(endPoint, certificate).SendAsync($"gemini://localhost:{endPoint.Port}/register?survivor", null);
            Assert.Equal((30, "/account"), (reply.Status, reply.Meta));

            server.Kill(); // SIGKILL: no shutdown, no dispose, no flush.
            await server.WaitForExitAsync();

            using var database = WikiDatabase.Open(data);
            var identity = new IdentityDatabase(database);
            identity.Initialize();
            var account = new LiteAccountStore(identity).FindAccount(Fingerprint.Of(certificate));
            Assert.NotNull(account);
            Assert.Equal("survivor", account.Name.Value);
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill();
            }

            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    [GeneratedRegex(@"Listening on (\S+):(\d+) ")]
    private static partial Regex ListeningLine();
}
