using GeminiWiki.Server.Commands;
using GeminiWiki.Server.Hosting;

return AdminCommandLine.Handles(args)
    ? AdminCommandLine.Run(args, Console.Out, Console.Error)
    : await ServerHost.RunAsync(args);
