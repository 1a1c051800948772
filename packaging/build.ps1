<#
.SYNOPSIS
Build RallyDesk on Windows: the one-folder bundle (dist\RallyDesk) and its installer
(dist\RallyDesk-<version>-setup.exe).

.DESCRIPTION
Windows PowerShell 5.1 or PowerShell 7, from any folder:

    powershell -ExecutionPolicy Bypass -File packaging\build.ps1
    packaging\build.ps1 -NoInstaller            the bundle only (no Inno Setup needed)
    packaging\build.ps1 -Python "C:\Python313\python.exe"

1. .venv is made with `py -3.12` (the Python launcher; -Python names another interpreter) unless
   it exists, and gets RallyDesk with the server extra and PyInstaller (pinned in pyproject.toml's
   bundle extra) when they are missing.
2. The licence texts of the installed distributions go into the bundle's resources.
3. PyInstaller builds packaging\rallydesk.spec; the spec gives both executables a version
   resource made from pyproject.toml (packaging\versions.py).
4. The executables are checked: rallydesk-cli.exe --version and the version resource of
   RallyDesk.exe must say pyproject.toml's version.
5. Inno Setup's ISCC builds packaging\windows\rallydesk.iss with /DAppVersion=<that version>.

The version is read from pyproject.toml (packaging\versions.py), never written here.
#>
[CmdletBinding()]
param(
    # the interpreter that makes .venv (default: the launcher's Python 3.12)
    [string]$Python = "",
    # the extras installed with RallyDesk ("" for none: Windows on ARM has no psycopg-binary)
    [string]$Extras = "server",
    # ISCC.exe, when it is not on the PATH nor in Inno Setup 6's usual folders
    [string]$Iscc = "",
    [switch]$NoInstaller
)

$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest
$Root = Split-Path -Parent $PSScriptRoot

function Invoke-Checked {
    # Windows PowerShell 5.1 does not stop on a program's exit code: every call goes through here.
    # A program's messages on stderr (pip's warnings) are not failures: PowerShell 5.1 can turn
    # them into errors when its output is redirected, so only the exit code decides.
    param([Parameter(Mandatory)][string]$Exe, [string[]]$Arguments = @())
    $ErrorActionPreference = "Continue"
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "build.ps1: '$Exe $($Arguments -join ' ')' failed (exit code $LASTEXITCODE)"
    }
}

function Test-Import {
    # a failed import is an answer, not an error (PowerShell 5.1 turns redirected stderr into
    # errors, 7.3+ may stop on the exit code): neither stops the script here
    param([string]$Module)
    $ErrorActionPreference = "Continue"
    $PSNativeCommandUseErrorActionPreference = $false
    & $VenvPython -c "import $Module" 2>$null | Out-Null
    return $LASTEXITCODE -eq 0
}

Push-Location $Root  # the caller's folder is given back, even on a failure
try {
    $VenvPython = Join-Path $Root ".venv\Scripts\python.exe"
    if (-not (Test-Path $VenvPython)) {
        if ($Python) {
            Invoke-Checked $Python @("-m", "venv", ".venv")
        } else {
            Invoke-Checked "py" @("-3.12", "-m", "venv", ".venv")
        }
    }

    # an editable install (the README's) is kept: PyInstaller reads the package from the source tree
    if (-not (Test-Import "rallydesk")) {
        $Target = if ($Extras) { ".[$Extras]" } else { "." }
        Invoke-Checked $VenvPython @("-m", "pip", "install", "-q", $Target)
    }
    if (-not (Test-Import "PyInstaller")) {
        $Bundle = @(& $VenvPython packaging\versions.py requirements bundle)
        if ($LASTEXITCODE -ne 0) { throw "build.ps1: pyproject.toml's bundle extra could not be read" }
        Invoke-Checked $VenvPython (@("-m", "pip", "install", "-q") + $Bundle)
    }

    $Version = (& $VenvPython packaging\versions.py version | Out-String).Trim()
    if ($LASTEXITCODE -ne 0 -or -not $Version) { throw "build.ps1: pyproject.toml's version could not be read" }
    $AppName = (& $VenvPython packaging\versions.py app-name | Out-String).Trim()
    if ($LASTEXITCODE -ne 0 -or -not $AppName) { throw "build.ps1: pyproject.toml's app-name could not be read" }
    Write-Host "building $AppName $Version"

    # the licence texts of every distribution installed for the build (Help > About in the bundle)
    Invoke-Checked $VenvPython @("-m", "rallydesk.licences")
    Invoke-Checked $VenvPython @("-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
        "--distpath", "dist", "--workpath", "build\pyinstaller", "packaging\rallydesk.spec")

    # what was built says the version it was built from
    $Folder = Join-Path $Root "dist\$AppName"
    $Said = (& (Join-Path $Folder "rallydesk-cli.exe") --version | Out-String).Trim()
    if ($LASTEXITCODE -ne 0 -or $Said -notmatch "\b$([regex]::Escape($Version))$") {
        throw ("build.ps1: rallydesk-cli.exe --version says '$Said', pyproject.toml says $Version " +
            "(an install older than pyproject.toml: $VenvPython -m pip install -e . and build again)")
    }
    foreach ($Exe in @("$AppName.exe", "rallydesk-cli.exe")) {
        $Info = (Get-Item (Join-Path $Folder $Exe)).VersionInfo
        if ($Info.ProductVersion -ne $Version -or $Info.ProductName -ne $AppName) {
            throw "build.ps1: $Exe's version resource says '$($Info.ProductName) $($Info.ProductVersion)', expected '$AppName $Version'"
        }
    }
    Write-Host "built dist\$AppName $Version (the version resource and --version agree)"

    if ($NoInstaller) {
        Write-Host "no installer (-NoInstaller)"
        return
    }
    if (-not $Iscc) {
        $OnPath = Get-Command "ISCC.exe" -ErrorAction SilentlyContinue
        $Candidates = @()
        if ($OnPath) { $Candidates += $OnPath.Source }
        # installed for all users, or for this user only (winget's default without administrator rights)
        foreach ($Base in @(${env:ProgramFiles(x86)}, $env:ProgramFiles, $env:LOCALAPPDATA)) {
            if (-not $Base) { continue }
            $Candidates += (Join-Path $Base "Inno Setup 6\ISCC.exe")
            $Candidates += (Join-Path $Base "Programs\Inno Setup 6\ISCC.exe")
        }
        $Iscc = $Candidates | Where-Object { Test-Path $_ } | Select-Object -First 1
        if (-not $Iscc) {
            throw ("build.ps1: Inno Setup 6's ISCC.exe not found (install it: winget install JRSoftware.InnoSetup, " +
                "or choco install innosetup; or pass -Iscc PATH, or -NoInstaller for the bundle only)")
        }
    }
    Invoke-Checked $Iscc @("/Q", "/DAppVersion=$Version", "packaging\windows\rallydesk.iss")
    $Setup = Join-Path $Root "dist\$AppName-$Version-setup.exe"
    if (-not (Test-Path $Setup)) { throw "build.ps1: ISCC ran but $Setup is not there" }
    Write-Host "built $Setup"
} finally {
    Pop-Location
}
