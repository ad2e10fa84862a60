// Every wiki endpoint sees the same visitor type; the alias keeps endpoint signatures short.
global using WikiCall = GeminiWiki.Protocol.Routing.GeminiCall<GeminiWiki.Domain.Access.Visitor>;
