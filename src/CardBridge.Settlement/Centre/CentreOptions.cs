using System.ComponentModel.DataAnnotations;

namespace CardBridge.Settlement.Centre;

/// <summary>How to reach and speak to the medical-insurance centre (the envelope fields of DESIGN §9, timeouts, resilience).</summary>
public sealed class CentreOptions
{
    /// <summary>The URL every transaction is POSTed to (the platform's single service endpoint).</summary>
    [Required]
    public Uri? ServiceUri { get; set; }

    /// <summary>The designated institution's code (<c>fixmedins_code</c>), also the prefix of every <c>msgid</c>.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9]{1,20}$")]
    public string InstitutionCode { get; set; } = "";

    /// <summary>The designated institution's name (<c>fixmedins_name</c>).</summary>
    [Required]
    public string InstitutionName { get; set; } = "";

    /// <summary>The treatment area's division code (<c>mdtrtarea_admvs</c>).</summary>
    public string TreatmentAreaCode { get; set; } = "";

    /// <summary>
    /// The insured area sent with a person lookup (1101), before the person is known, and with CardBridge's own
    /// uploads (<c>insuplc_admdvs</c>); empty by default. Every call for a person sends the person's own insured area
    /// from that lookup instead; this only when the centre named none.
    /// </summary>
    public string InsuredAreaCode { get; set; } = "";

    /// <summary>The receiving system's code (<c>recer_sys_code</c>).</summary>
    public string ReceiverSystemCode { get; set; } = "";

    /// <summary>The device number (<c>dev_no</c>).</summary>
    public string DeviceNo { get; set; } = "";

    /// <summary>The device's safety information (<c>dev_safe_info</c>).</summary>
    public string DeviceSafeInfo { get; set; } = "";

    /// <summary>The digital-certificate information (<c>cainfo</c>).</summary>
    public string CaInfo { get; set; } = "";

    /// <summary>The signature type (<c>signtype</c>).</summary>
    public string SignType { get; set; } = "";

    /// <summary>The operator type (<c>opter_type</c>): 1 staff, 2 self-service terminal.</summary>
    [Required]
    public string OperatorType { get; set; } = "1";

    /// <summary>The operator's code (<c>opter</c>).</summary>
    [Required]
    public string OperatorCode { get; set; } = "";

    /// <summary>The operator's name (<c>opter_name</c>).</summary>
    [Required]
    public string OperatorName { get; set; } = "";

    /// <summary>The department a visit, admission or fee belongs to when the call names none (<c>dept_code</c>, <c>adm_dept_codg</c>, <c>bilg_dept_codg</c>).</summary>
    public string DepartmentCode { get; set; } = "";

    /// <summary>The name of the default department.</summary>
    public string DepartmentName { get; set; } = "";

    /// <summary>The national department category (<c>caty</c>, 科别) of a registration when the call names none.</summary>
    public string DepartmentCategory { get; set; } = "";

    /// <summary>The attending or billing doctor when the call names none (<c>atddr_no</c>, <c>bilg_dr_codg</c>).</summary>
    public string DoctorCode { get; set; } = "";

    /// <summary>The name of the default doctor.</summary>
    public string DoctorName { get; set; } = "";

    /// <summary>The time allowed for one call (one attempt) including reading the answer.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many times a safe call (1101, 9001, 2601, upload) is retried after its first attempt.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry delay; later ones grow exponentially, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How many calls at least must have been made within <see cref="BreakerSamplingDuration"/> before the failure
    /// ratio can switch the terminal offline: with <see cref="BreakerFailureRatio"/> 1 this is "N failures in a row
    /// within the window".
    /// </summary>
    [Range(2, 1000)]
    public int BreakerFailureThreshold { get; set; } = 5;

    /// <summary>The share of failed calls within the window (at least <see cref="BreakerFailureThreshold"/> calls) that switches the terminal offline.</summary>
    [Range(0.01, 1.0)]
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>The window over which failures are counted.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the terminal stays offline before one call probes the centre again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The largest answer body accepted, in bytes.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxResponseBytes { get; set; } = 1024 * 1024;
}
