using GeminiWiki.Domain.Identity;
using GeminiWiki.Domain.Identity.Storage;
using GeminiWiki.Domain.Storage;

namespace GeminiWiki.Domain.Tests.Identity;

public sealed class IdentityStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDatabase _db = new();

    private LiteAccountStore Store => _db.Accounts;

    public void Dispose() => _db.Dispose();

    private static CertificateDetails Details(string commonName = "alice") =>
        CertificateDetails.TryRead(TestCertificates.Valid(commonName))!;

    private static AccountName Name(string text) =>
        AccountName.TryCreate(text, out var name, out var problem) ? name : throw new ArgumentException(problem);

    [Fact]
    public void Account_lookups_are_answered_from_memory_but_follow_every_change()
    {
        var certificate = Details("carol");
        Assert.Null(Store.FindAccount(certificate.Fingerprint));

        Store.Register(Name("Carol"), certificate, Now);
        Assert.Equal("Carol", Store.FindAccount(certificate.Fingerprint)?.Name.Value);
        Assert.Same(Store.FindAccount(certificate.Fingerprint), Store.FindAccount(certificate.Fingerprint));

        Store.SetBanned("Carol", true, "admin", Now);
        Assert.True(Store.FindAccount(certificate.Fingerprint)!.Banned);

        Store.SetRole("Carol", AccountRole.Admin, "admin", Now);
        Assert.Equal(AccountRole.Admin, Store.FindAccount(certificate.Fingerprint)!.Role);

        var second = Details("carol-laptop");
        var account = Store.FindAccount(certificate.Fingerprint)!;
        var code = _db.LinkCodes.Create(account.Id, Now);
        _db.LinkCodes.Redeem(code, second, Now);
        Assert.Equal("Carol", Store.FindAccount(second.Fingerprint)?.Name.Value);

        Store.Unlink(account.Id, second.Fingerprint);
        Assert.Null(Store.FindAccount(second.Fingerprint));
    }

    [Fact]
    public void A_registered_account_and_its_certificate_survive_a_restart()
    {
        var certificate = Details();
        var result = Store.Register(Name("Alice"), certificate, Now);
        Assert.Equal(RegistrationOutcome.Created, result.Outcome);

        _db.Reopen();

        var account = Store.FindAccount(certificate.Fingerprint);
        Assert.NotNull(account);
        Assert.Equal("Alice", account.Name.Value);
        Assert.Equal(AccountRole.User, account.Role);
        Assert.Equal(Now, account.Created);
        var linked = Assert.Single(Store.CertificatesOf(account.Id));
        Assert.Equal(certificate.Fingerprint, linked.Fingerprint);
        Assert.Equal(certificate.Subject, linked.Subject);
        Assert.Equal(certificate.SerialNumber, linked.SerialNumber);
        Assert.Equal(certificate.NotAfter, linked.NotAfter);
        Assert.Equal(Now, linked.FirstSeen);
    }

    [Fact]
    public void Names_are_unique_regardless_of_case()
    {
        Assert.Equal(RegistrationOutcome.Created, Store.Register(Name("Alice"), Details(), Now).Outcome);
        Assert.Equal(RegistrationOutcome.NameTaken, Store.Register(Name("aLiCe"), Details(), Now).Outcome);
        Assert.Equal("Alice", Store.FindAccount("ALICE")!.Name.Value);
    }

    [Fact]
    public void A_certificate_belongs_to_one_account_only()
    {
        var certificate = Details();
        Store.Register(Name("alice"), certificate, Now);
        Assert.Equal(RegistrationOutcome.CertificateAlreadyLinked, Store.Register(Name("bob"), certificate, Now).Outcome);
        Assert.Null(Store.FindAccount("bob"));
    }

    [Fact]
    public void A_link_code_links_a_second_certificate_once_within_ten_minutes()
    {
        var first = Details();
        var account = Store.Register(Name("alice"), first, Now).Account!;
        var code = _db.LinkCodes.Create(account.Id, Now);

        var second = Details("alice-phone");
        var (outcome, linkedTo) = _db.LinkCodes.Redeem(code.ToLowerInvariant(), second, Now.AddMinutes(9));
        Assert.Equal(LinkOutcome.Linked, outcome);
        Assert.Equal(account.Id, linkedTo!.Id);
        Assert.Equal(account.Id, Store.FindAccount(second.Fingerprint)!.Id);
        Assert.Equal(2, Store.CertificatesOf(account.Id).Count);

        Assert.Equal(LinkOutcome.UnknownOrExpiredCode, _db.LinkCodes.Redeem(code, Details("third"), Now.AddMinutes(9)).Outcome);
    }

    [Fact]
    public void An_expired_link_code_links_nothing()
    {
        var account = Store.Register(Name("alice"), Details(), Now).Account!;
        var code = _db.LinkCodes.Create(account.Id, Now);
        var late = Details("late");
        Assert.Equal(LinkOutcome.UnknownOrExpiredCode, _db.LinkCodes.Redeem(code, late, Now.AddMinutes(10)).Outcome);
        Assert.Null(Store.FindAccount(late.Fingerprint));
    }

    [Fact]
    public void Unlink_removes_only_the_accounts_own_certificate()
    {
        var aliceCertificate = Details();
        var alice = Store.Register(Name("alice"), aliceCertificate, Now).Account!;
        var bobCertificate = Details("bob");
        Store.Register(Name("bob"), bobCertificate, Now);

        Assert.False(Store.Unlink(alice.Id, bobCertificate.Fingerprint));
        Assert.NotNull(Store.FindAccount(bobCertificate.Fingerprint));
        Assert.True(Store.Unlink(alice.Id, aliceCertificate.Fingerprint));
        Assert.Null(Store.FindAccount(aliceCertificate.Fingerprint));
    }

    [Fact]
    public void Allow_and_revoke_are_audited_and_allowing_clears_the_refusal()
    {
        var stranger = Details("stranger");
        _db.Refusals.Record(stranger.Fingerprint, "stranger", Now);
        _db.Refusals.Record(stranger.Fingerprint, "stranger", Now.AddMinutes(1));
        var refused = Assert.Single(_db.Refusals.Recent());
        Assert.Equal(2, refused.Count);
        Assert.Equal(Now, refused.FirstSeen);

        Assert.True(_db.AllowList.Allow(stranger.Fingerprint, "root", Now));
        Assert.False(_db.AllowList.Allow(stranger.Fingerprint, "root", Now));
        Assert.True(_db.AllowList.Contains(stranger.Fingerprint));
        Assert.Empty(_db.Refusals.Recent());
        Assert.Equal("stranger", Assert.Single(_db.AllowList.List()).CommonName);

        Assert.True(_db.AllowList.Revoke(stranger.Fingerprint, "root", Now.AddMinutes(2)));
        Assert.False(_db.AllowList.Contains(stranger.Fingerprint));

        var audit = _db.Audit.Recent();
        Assert.Equal(["revoke", "allow"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal(stranger.Fingerprint.Hex, a.Target));
        Assert.All(audit, a => Assert.Equal("root", a.Actor));
    }

    [Fact]
    public void An_account_is_allow_listed_through_any_of_its_certificates()
    {
        var first = Details();
        var account = Store.Register(Name("alice"), first, Now).Account!;
        Assert.False(_db.AllowList.ContainsAnyOf(account.Id));
        _db.AllowList.Allow(first.Fingerprint, "root", Now);
        Assert.True(_db.AllowList.ContainsAnyOf(account.Id));
    }

    [Fact]
    public void Ban_unban_and_promote_change_the_account_and_are_audited()
    {
        Store.Register(Name("Mallory"), Details(), Now);
        Assert.True(Store.SetBanned("mallory", true, "root", Now));
        Assert.True(Store.FindAccount("mallory")!.Banned);
        Assert.False(Store.SetBanned("mallory", true, "root", Now));
        Assert.True(Store.SetBanned("MALLORY", false, "root", Now));
        Assert.True(Store.SetRole("mallory", AccountRole.Admin, "root", Now));
        Assert.Equal(AccountRole.Admin, Store.FindAccount("mallory")!.Role);
        Assert.False(Store.SetBanned("nobody-here", true, "root", Now));

        Assert.Equal(["promote", "unban", "ban"], _db.Audit.Recent().Select(a => a.Action));
        Assert.All(_db.Audit.Recent(), a => Assert.Equal("Mallory", a.Target));
    }

    [Fact]
    public void The_refused_list_keeps_only_the_most_recent()
    {
        var first = Fingerprint.Of("first"u8);
        _db.Refusals.Record(first, "first", Now);
        for (var i = 0; i < LiteRefusalLog.Kept; i++)
        {
            _db.Refusals.Record(Fingerprint.Of(BitConverter.GetBytes(i)), $"cn{i}", Now.AddSeconds(i + 1));
        }

        var kept = _db.Refusals.Recent(LiteRefusalLog.Kept + 10);
        Assert.Equal(LiteRefusalLog.Kept, kept.Count);
        Assert.DoesNotContain(kept, r => r.Fingerprint == first);
        Assert.Equal($"cn{LiteRefusalLog.Kept - 1}", kept[0].CommonName);
    }

    [Fact]
    public void A_second_process_cannot_open_the_same_database()
    {
        Assert.Throws<DatabaseLockedException>(() => WikiDatabase.Open(_db.Directory));
    }
}

public sealed class IdentityStoreConcurrencyTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public void Racing_registrations_of_one_name_create_exactly_one_account()
    {
        var certificates = Enumerable.Range(0, 16).Select(i => CertificateDetails.TryRead(TestCertificates.Valid($"racer{i}"))!).ToArray();
        AccountName.TryCreate("Racer", out var name, out _);
        var outcomes = new RegistrationOutcome[certificates.Length];

        Parallel.For(0, certificates.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            i => outcomes[i] = _db.Accounts.Register(name, certificates[i], DateTimeOffset.UtcNow).Outcome);

        Assert.Single(outcomes, o => o == RegistrationOutcome.Created);
        Assert.All(outcomes.Where(o => o != RegistrationOutcome.Created), o => Assert.Equal(RegistrationOutcome.NameTaken, o));
        Assert.Single(_db.Accounts.ListAccounts());
    }
}

public sealed class RefusalLogTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public void A_stream_of_refusals_becomes_one_write_after_the_flush_interval()
    {
        var certificates = Enumerable.Range(0, 5).Select(i => CertificateDetails.TryRead(TestCertificates.Valid($"guest{i}"))!).ToArray();

        for (var i = 0; i < 1000; i++)
        {
            var certificate = certificates[i % certificates.Length];
            _db.Refusals.Record(certificate.Fingerprint, certificate.CommonName, _db.Time.GetUtcNow());
        }

        Assert.Equal(0, _db.Refusals.Writes);
        Assert.Equal(0, _db.Identity.Refused.Count());

        _db.Time.Advance(LiteRefusalLog.FlushInterval);

        Assert.Equal(1, _db.Refusals.Writes);
        Assert.Equal(5, _db.Identity.Refused.Count());
        Assert.All(_db.Refusals.Recent(), entry => Assert.Equal(200, entry.Count));
        Assert.Equal(1, _db.Refusals.Writes);
    }

    [Fact]
    public void Reading_the_log_writes_what_is_pending_first()
    {
        var certificate = CertificateDetails.TryRead(TestCertificates.Valid("stranger"))!;
        _db.Refusals.Record(certificate.Fingerprint, "stranger", _db.Time.GetUtcNow());
        _db.Refusals.Record(certificate.Fingerprint, "stranger", _db.Time.GetUtcNow());

        var entry = Assert.Single(_db.Refusals.Recent());

        Assert.Equal((certificate.Fingerprint, "stranger", 2), (entry.Fingerprint, entry.CommonName, entry.Count));
        Assert.Equal(1, _db.Refusals.Writes);
    }

    [Fact]
    public void Pending_refusals_are_written_when_the_server_stops()
    {
        var certificate = CertificateDetails.TryRead(TestCertificates.Valid("late"))!;
        _db.Refusals.Record(certificate.Fingerprint, "late", _db.Time.GetUtcNow());

        _db.Reopen();

        Assert.Equal(certificate.Fingerprint, Assert.Single(_db.Refusals.Recent()).Fingerprint);
    }
}
