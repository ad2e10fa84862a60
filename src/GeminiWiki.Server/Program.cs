using GeminiWiki.Server.Hosting;

return await ServerHost.RunAsync(args);
