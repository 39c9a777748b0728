using System.Globalization;
using System.Text;
using CardBridge.Cards.Identity;
using CardBridge.Cards.Medical;

namespace CardBridge.Service.Standard;

/// <summary>
/// iReadCard's output for an address: each data element's value followed by <c>|</c>, each file closed by <c>$</c>, as
/// the address was written. Values as iReadCardBas writes them: codes in hex, dates YYYYMMDD, the name whole (with its
/// extension) under 09 and nothing under 4E.
/// </summary>
internal static class StandardFileValues
{
    public static string Render(IReadOnlyList<CardFileRequest> files, IdentityReadResult identity, Holder? holder, MedicalBasics? medical)
    {
        var output = new StringBuilder();
        foreach (var file in files)
        {
            foreach (var tag in file.Tags)
            {
                var value = file.File switch
                {
                    StandardFile.CardInfo => CardValue(identity.Card, tag),
                    StandardFile.Holder => HolderValue(holder ?? throw new InvalidOperationException("the holder was not read"), tag),
                    _ => MedicalValue(medical ?? throw new InvalidOperationException("the medical basics were not read"), tag),
                };
                output.Append(value.Replace("|", "", StringComparison.Ordinal)).Append('|');
            }
            output.Append('$');
        }
        return output.ToString();
    }

    private static string CardValue(CardIdentification card, string tag) => tag switch
    {
        "01" => card.CardIdentificationCodeHex,
        "02" => card.CardCategory,
        "03" => card.SpecVersion,
        "04" => card.InitialisingBody,
        "05" => Date(card.IssueDate),
        "06" => Date(card.ExpiryDate),
        _ => card.CardNumber,
    };

    private static string HolderValue(Holder holder, string tag) => tag switch
    {
        "08" => holder.Ssn,
        "09" => holder.Name,
        "4E" => "",
        "0A" => ((char)holder.Sex).ToString(),
        "0B" => holder.Ethnicity,
        "0C" => holder.Birthplace,
        _ => Date(holder.BirthDate),
    };

    private static string MedicalValue(MedicalBasics medical, string tag) => tag switch
    {
        "81" => medical.InsuranceType,
        _ => ((int)medical.UsageMode).ToString(CultureInfo.InvariantCulture),
    };

    private static string Date(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}
