using CardBridge.Cards.Authentication;
using CardBridge.Cards.Layout;
using CardBridge.Cards.Recognition;
using CardBridge.Crypto;
using CardBridge.Iso7816;

namespace CardBridge.Cards.Identity;

/// <summary>
/// Reads a social security card's identity with the fewest commands the file structure allows: one SELECT
/// SSSE with its FCI (the algorithm the authenticator needs; on T=0 cards the channel adds one GET RESPONSE),
/// one READ RECORD per EF05 data element with the exact Le from the <see cref="CardFileLayout"/> (never a 6Cxx
/// round trip), then — after EXTERNAL AUTHENTICATE with RKSSSE on 3.00 cards — one READ RECORD per EF06 data
/// element, the name extension only when the name field is full (<see cref="CardFileLayout.SkipNameExtensionWhenNameHasRoom"/>).
/// After <see cref="CardRecognizer"/>, <see cref="ReadRecognisedAsync"/> sends neither the SELECT nor the EF05 spec
/// version record again.
/// </summary>
public sealed class IdentityReader
{
    private static readonly byte[] ApplicationRid = Convert.FromHexString("D156000005");

    private readonly CardFileLayout _layout;
    private readonly ICardAuthenticator? _authenticator;
    private readonly TimeProvider _time;

    /// <summary>Creates a reader.</summary>
    /// <param name="authenticator">PSAM or HSM authentication for 3.00 cards' EF06; null when the terminal has none.</param>
    /// <param name="timeProvider">Gives the local date the validity is judged on.</param>
    /// <param name="layout">The card file layout; the national one unless given.</param>
    public IdentityReader(ICardAuthenticator? authenticator, TimeProvider timeProvider, CardFileLayout? layout = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _layout = layout ?? CardFileLayout.National;
        _layout.Validate();
        _authenticator = authenticator;
        _time = timeProvider;
    }

    /// <summary>Reads the card on <paramref name="channel"/> (connected; its answer to reset is <paramref name="atr"/>).</summary>
    /// <exception cref="NotASocialSecurityCardException">The card has no SSSE environment, or its answers are not a social security card's.</exception>
    /// <exception cref="CardDataException">A data element is malformed; the message names it.</exception>
    /// <exception cref="CardCommandException">A READ RECORD failed with a status word the read cannot continue from.</exception>
    /// <exception cref="CardNotGenuineException">The authenticator found the card forged.</exception>
    public async Task<IdentityReadResult> ReadAsync(ICardChannel channel, ReadOnlyMemory<byte> atr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var historical = AnswerToReset.HistoricalBytes(atr) ?? ReadOnlyMemory<byte>.Empty;
        var selection = await SsseSelection.SelectAsync(channel, _layout.SsseAidBytes, cancellationToken);
        if (!selection.Found)
        {
            throw new NotASocialSecurityCardException(selection.NotSocialSecurityCardReason!);
        }
        return await ReadSelectedAsync(channel, selection.Algorithm, historical, recognisedVersion: null, cancellationToken);
    }

    /// <summary>
    /// Reads the card <see cref="CardRecognizer"/> has just recognised on <paramref name="channel"/>, as the arrival
    /// pre-read does: the SSSE is selected and EF05's spec version known, so neither is sent again.
    /// </summary>
    /// <exception cref="NotASocialSecurityCardException">The recognition found no social security card, or EF05 does not hold one's data.</exception>
    /// <exception cref="CardDataException">A data element is malformed; the message names it.</exception>
    /// <exception cref="CardCommandException">A READ RECORD failed with a status word the read cannot continue from.</exception>
    /// <exception cref="CardNotGenuineException">The authenticator found the card forged.</exception>
    public Task<IdentityReadResult> ReadRecognisedAsync(ICardChannel channel, CardRecognition recognition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(recognition);
        if (!recognition.IsSocialSecurityCard)
        {
            throw new NotASocialSecurityCardException(recognition.Reason ?? "the card has no social security application");
        }
        return ReadSelectedAsync(channel, recognition.Algorithm, recognition.AtrHistoricalBytes, recognition.SpecVersion, cancellationToken);
    }

    private async Task<IdentityReadResult> ReadSelectedAsync(ICardChannel channel, CardAlgorithm? algorithm,
        ReadOnlyMemory<byte> historical, string? recognisedVersion, CancellationToken cancellationToken)
    {
        var wanted = recognisedVersion is null ? Tags.CardFileTags : [.. Tags.CardFileTags.Where(tag => tag != Tags.SpecVersion)];
        var cardRecords = await ReadFileAsync(channel, _layout.CardFile, "EF05", wanted, skipNameExtension: false, cancellationToken);
        var card = DecodeCard(cardRecords, algorithm, historical, recognisedVersion);
        var today = DateOnly.FromDateTime(_time.GetLocalNow().DateTime);
        var validity = today < card.IssueDate ? CardValidity.NotYetValid
            : today > card.ExpiryDate ? CardValidity.Expired
            : CardValidity.Valid;

        KeyAuthority? verifiedBy = null;
        if (card.Generation == CardGeneration.Third)
        {
            if (_authenticator is null)
            {
                return new IdentityReadResult(card, null, HolderUnavailableReason.NoAuthenticator,
                    "a 3.00 card opens EF06 only after EXTERNAL AUTHENTICATE with RKSSSE, and no PSAM or HSM is configured", validity);
            }
            if (card.Algorithm is not { } cardAlgorithm)
            {
                throw new CardDataException("SSSE FCI tag 86 (algorithm): missing on a 3.00 card, so its keys cannot be diversified");
            }
            try
            {
                verifiedBy = await _authenticator.AuthenticateAsync(channel, new CardKeyContext(card.CardIdentificationCode, cardAlgorithm), cancellationToken);
            }
            catch (AuthenticationUnavailableException e)
            {
                return new IdentityReadResult(card, null, HolderUnavailableReason.AuthenticationUnavailable, e.Message, validity);
            }
        }
        var holder = await ReadHolderAsync(channel, cancellationToken);
        return new IdentityReadResult(card, holder, HolderUnavailableReason.None, null, validity) { VerifiedBy = verifiedBy };
    }

    /// <summary>
    /// Reads EF06 alone from a card whose SSSE is selected and open: a 1.00 or 2.00 card, or a 3.00 card after EXTERNAL
    /// AUTHENTICATE with RKSSSE — e.g. through a caller's own HSM (<see cref="HsmAuthenticator.CompleteAsync"/>).
    /// </summary>
    /// <exception cref="CardDataException">A data element is malformed; the message names it.</exception>
    /// <exception cref="CardCommandException">A READ RECORD failed (6982: the file is not open).</exception>
    public async Task<Holder> ReadHolderAsync(ICardChannel channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var records = await ReadFileAsync(channel, _layout.HolderFile, "EF06", Tags.HolderFileTags, _layout.SkipNameExtensionWhenNameHasRoom, cancellationToken);
        return DecodeHolder(records, DateOnly.FromDateTime(_time.GetLocalNow().DateTime));
    }

    private static async Task<Dictionary<string, ReadOnlyMemory<byte>>> ReadFileAsync(
        ICardChannel channel, RecordFileLayout file, string fileName, IReadOnlyList<string> wanted, bool skipNameExtension,
        CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.OrdinalIgnoreCase);
        foreach (var tag in wanted.OrderBy(t => file.SlotOf(t).Record))
        {
            if (skipNameExtension && tag == Tags.NameExtension
                && values.TryGetValue(Tags.Name, out var name) && NameHasRoom(name.Span))
            {
                values[tag] = ReadOnlyMemory<byte>.Empty;
                continue;
            }
            values[tag] = await ReadElementAsync(channel, file, fileName, tag, cancellationToken);
        }
        return values;
    }

    // A GB18030 character takes at most 4 bytes: with 4 bytes of padding left, nothing overflowed into 4E.
    private static bool NameHasRoom(ReadOnlySpan<byte> name) =>
        name.Length >= 4 && !name[^4..].ContainsAnyExcept((byte)0);

    private static async Task<ReadOnlyMemory<byte>> ReadElementAsync(
        ICardChannel channel, RecordFileLayout file, string fileName, string tag, CancellationToken cancellationToken)
    {
        var slot = file.SlotOf(tag);
        var command = CommandApdu.ReadRecord(file.Sfi, slot.Record, slot.RecordLength);
        var what = $"READ RECORD {fileName}/{slot.Record}";
        ResponseApdu response;
        try
        {
            response = await channel.TransmitAsync(command, cancellationToken);
        }
        catch (ApduFormatException e)
        {
            throw new CardDataException($"{Tags.Describe(tag)}: {what} got an answer that does not follow ISO 7816", e);
        }
        if (!response.StatusWord.IsNormal)
        {
            if (fileName == "EF05" && response.StatusWord.Value is 0x6A82 or 0x6A83)
            {
                throw new NotASocialSecurityCardException($"the SSSE environment has no EF05 record {slot.Record}: {what} answered {response.StatusWord}");
            }
            throw new CardCommandException(what, response.StatusWord);
        }
        BerTlv tlv;
        try
        {
            tlv = BerTlv.ParseSingle(response.Data);
        }
        catch (TlvFormatException e)
        {
            throw new CardDataException($"{Tags.Describe(tag)}: record {slot.Record} is not one BER-TLV object", e);
        }
        var expected = Convert.ToByte(tag, 16);
        if (tlv.Tag != expected)
        {
            throw new CardDataException($"{Tags.Describe(tag)}: record {slot.Record} holds tag {tlv.Tag:X2}");
        }
        return tlv.Value;
    }

    private static CardIdentification DecodeCard(Dictionary<string, ReadOnlyMemory<byte>> records, CardAlgorithm? algorithm,
        ReadOnlyMemory<byte> historical, string? recognisedVersion)
    {
        var version = recognisedVersion ?? VersionOf(records[Tags.SpecVersion]);

        const string idField = "EF05 tag 01 card identification code";
        var id = records[Tags.CardIdentificationCode];
        if (id.Length != 16)
        {
            throw DataElement.Malformed(idField, id.Span, "is not 16 bytes");
        }
        var region = DataElement.Digits(id.Span[..3], idField + " (region)", 6);
        if (!id.Span[3..8].SequenceEqual(ApplicationRid))
        {
            throw DataElement.Malformed(idField, id.Span, "does not carry D156000005 after the region");
        }

        var category = DataElement.Ascii(records[Tags.CardCategory].Span, "EF05 tag 02 card category");
        if (category.Length != 1 || !char.IsAsciiLetterOrDigit(category[0]))
        {
            throw DataElement.Malformed("EF05 tag 02 card category", records[Tags.CardCategory].Span, "is not one letter or digit");
        }
        var body = DataElement.Digits(records[Tags.InitialisingBody].Span, "EF05 tag 04 initialising body");
        if (body.Length == 0)
        {
            throw DataElement.Malformed("EF05 tag 04 initialising body", records[Tags.InitialisingBody].Span, "is empty");
        }
        var issue = DataElement.Date(records[Tags.IssueDate].Span, "EF05 tag 05 issue date");
        var expiry = DataElement.Date(records[Tags.ExpiryDate].Span, "EF05 tag 06 expiry date");
        if (expiry < issue)
        {
            throw new CardDataException($"EF05 tag 06 expiry date {expiry:yyyy-MM-dd} is before the issue date {issue:yyyy-MM-dd}");
        }
        var number = DataElement.Ascii(records[Tags.CardNumber].Span, "EF05 tag 07 card number");
        if (number.Length == 0 || !number.All(char.IsAsciiLetterOrDigit))
        {
            throw DataElement.Malformed("EF05 tag 07 card number", records[Tags.CardNumber].Span, "is not letters and digits");
        }
        return new CardIdentification
        {
            CardIdentificationCode = id.ToArray(),
            Region = region,
            CardCategory = category,
            SpecVersion = version,
            Generation = SpecVersion.Classify(version),
            Algorithm = algorithm,
            InitialisingBody = body,
            IssueDate = issue,
            ExpiryDate = expiry,
            CardNumber = number,
            AtrHistoricalBytes = historical.ToArray(),
        };
    }

    private static string VersionOf(ReadOnlyMemory<byte> value)
    {
        var version = SpecVersion.FromValue(value.Span);
        if (version is null || SpecVersion.Classify(version) == CardGeneration.NotSocialSecurityCard)
        {
            throw new NotASocialSecurityCardException($"EF05 spec version {Convert.ToHexString(value.Span)} is not 1.00, 2.00 or 3.00");
        }
        return version;
    }

    private static Holder DecodeHolder(Dictionary<string, ReadOnlyMemory<byte>> records, DateOnly today)
    {
        var ssnBytes = records[Tags.Ssn].Span;
        var ssn = DataElement.Ascii(ssnBytes, "EF06 tag 08 social security number");
        if (!SocialSecurityNumber.IsValid(ssn))
        {
            throw DataElement.Malformed("EF06 tag 08 social security number", ssnBytes, "is not 17 digits and a valid MOD 11-2 check character");
        }
        var name = DataElement.Text(records[Tags.Name].Span, "EF06 tag 09 name")
            + DataElement.Text(records[Tags.NameExtension].Span, "EF06 tag 4E name extension");
        if (name.Length == 0)
        {
            throw DataElement.Malformed("EF06 tag 09 name", records[Tags.Name].Span, "is empty");
        }
        var sex = DataElement.Ascii(records[Tags.Sex].Span, "EF06 tag 0A sex") is [var code] && Enum.IsDefined((Sex)code)
            ? (Sex)code
            : throw DataElement.Malformed("EF06 tag 0A sex", records[Tags.Sex].Span, "is not 0, 1, 2 or 9");
        var ethnicity = DataElement.Digits(records[Tags.Ethnicity].Span, "EF06 tag 0B ethnicity", 2);
        // GB 3304: 01–56 the nationalities, 97 other, 98 foreign-born naturalised.
        var ethnicityCode = int.Parse(ethnicity, System.Globalization.CultureInfo.InvariantCulture);
        if (ethnicityCode is not ((>= 1 and <= 56) or 97 or 98))
        {
            throw DataElement.Malformed("EF06 tag 0B ethnicity", records[Tags.Ethnicity].Span, "is not a GB 3304 code");
        }
        var birthplace = DataElement.Digits(records[Tags.Birthplace].Span, "EF06 tag 0C birthplace", 6);
        var birthDate = DataElement.Date(records[Tags.BirthDate].Span, "EF06 tag 0D birth date");
        if (birthDate > today)
        {
            throw new CardDataException($"EF06 tag 0D birth date {birthDate:yyyy-MM-dd} is in the future");
        }
        return new Holder
        {
            Ssn = ssn,
            Name = name,
            Sex = sex,
            Ethnicity = ethnicity,
            Birthplace = birthplace,
            BirthDate = birthDate,
        };
    }
}
