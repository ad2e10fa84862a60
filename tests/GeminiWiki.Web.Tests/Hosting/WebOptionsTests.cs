using GeminiWiki.Server.Hosting;
using GeminiWiki.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GeminiWiki.Web.Tests.Hosting;

public sealed class WebOptionsTests
{
    [Fact]
    public void The_defaults_are_valid() =>
        Assert.True(new WebOptionsValidator().Validate(null, new WebOptions()).Succeeded);

    [Theory]
    [InlineData("Port", "Web:Port 70000 must be between 0 and 65535.")]
    [InlineData("ListenAddresses", "Web:ListenAddresses 'localhost' is not an IP address.")]
    [InlineData("CertificatePath", "Web:CertificatePath and Web:KeyPath go together: set both, or neither to use the Gemini certificate.")]
    [InlineData("MaxRequestBodyBytes", "Web:MaxRequestBodyBytes 10 must be between 1024 and 100000000.")]
    public void A_bad_value_is_named(string key, string failure)
    {
        var options = key switch
        {
            "Port" => new WebOptions { Port = 70000 },
            "ListenAddresses" => new WebOptions { ListenAddresses = ["localhost"] },
            "CertificatePath" => new WebOptions { CertificatePath = "web.crt" },
            _ => new WebOptions { MaxRequestBodyBytes = 10 },
        };

        Assert.Equal([failure], new WebOptionsValidator().Validate(null, options).Failures!);
    }

    [Fact]
    public void The_body_limit_leaves_room_for_a_whole_page_form_encoded() =>
        Assert.Equal(3 * 1000 + 16 * 1024, new WebOptions().EffectiveMaxRequestBodyBytes(1000));

    [Fact]
    public async Task A_taken_web_port_stops_start_up_naming_the_setting()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        var root = Path.Combine(Path.GetTempPath(), "geminiwiki-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(Path.Combine(root, "gemini.json"), "{}");
        var host = ServerHost.Build(
        [
            "--config", Path.Combine(root, "gemini.json"),
            "--Gemini:Port", "0",
            "--Gemini:ListenAddresses:0", "127.0.0.1",
            "--Serilog:MinimumLevel:Default", "Fatal",
            "--Web:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--Web:ListenAddresses:0", "127.0.0.1",
        ]);
        host.Services.GetRequiredService<StorageStartup>().Run();

        var failure = await Assert.ThrowsAsync<StartupException>(() => host.StartAsync());
        await host.StopAsync();
        host.Dispose();
        Directory.Delete(root, recursive: true);

        Assert.StartsWith($"Web:Port {port} cannot be bound:", failure.Message);
        Assert.EndsWith("Choose another Web:Port, or set Web:Enabled to false.", failure.Message);
    }
}
