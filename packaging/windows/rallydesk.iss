; Inno Setup script: RallyDesk-<version>-setup.exe from the PyInstaller folder dist\RallyDesk.
;
;   packaging\build.ps1 builds the folder, then runs this with pyproject.toml's version:
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=<version> packaging\windows\rallydesk.iss
;
; Installs per user by default (no administrator rights needed on a results-office laptop; the
; dialog offers all users), adds a Start menu entry, and associates .rallydesk event files so a
; double-click opens them in RallyDesk (a running RallyDesk receives them).
; The version is pyproject.toml's, given on the command line; never written here by hand
; (tests/packaging/test_versions.py).
#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=<pyproject.toml's version> packaging\windows\rallydesk.iss
#endif
#define AppName "RallyDesk"
#define AppExe "RallyDesk.exe"
#define ProgId "RallyDesk.Event"

[Setup]
AppId={{6C1E3B0A-5D2F-4B7E-9A61-2F4C8D0E7B13}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=The RallyDesk developers
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
OutputDir=..\..\dist
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile=rallydesk.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Qt 6 needs Windows 10 (1809) or later
MinVersion=10.0
LicenseFile=..\..\LICENSE
; the PATH entry is announced to running programs, and taken out on uninstall
ChangesEnvironment=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "french"; MessagesFile: "compiler:Languages\French.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "addtopath"; Description: "Add rallydesk-cli to PATH (the command line in any console)"; Flags: unchecked

[InstallDelete]
; an upgrade replaces the libraries whole: files of an older version left in _internal would be
; loaded next to the new ones
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\..\dist\RallyDesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; .rallydesk -> RallyDesk.Event -> "RallyDesk.exe" "file" (a bare event path means "open" to RallyDesk)
Root: HKA; Subkey: "Software\Classes\.rallydesk"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.rallydesk"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-rallydesk"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.rallydesk\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "RallyDesk event"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".rallydesk"; ValueData: ""; Flags: uninsdeletekey

; rallydesk-cli on the user's (or, installed for all users, the machine's) PATH when asked
Root: HKCU; Subkey: "Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Tasks: addtopath; Check: NeedsAddPath(ExpandConstant('{app}')) and not IsAdminInstallMode

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
function NeedsAddPath(Dir: string): Boolean;
var
  Path: string;
begin
  if not RegQueryStringValue(HKEY_CURRENT_USER, 'Environment', 'Path', Path) then
    Path := '';
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Path) + ';') = 0;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Path, Dir: string;
  P: Integer;
begin
  if CurUninstallStep <> usPostUninstall then
    exit;
  if not RegQueryStringValue(HKEY_CURRENT_USER, 'Environment', 'Path', Path) then
    exit;
  Dir := ExpandConstant('{app}');
  P := Pos(';' + Uppercase(Dir), Uppercase(Path));
  if P > 0 then
  begin
    Delete(Path, P, Length(Dir) + 1);
    RegWriteExpandStringValue(HKEY_CURRENT_USER, 'Environment', 'Path', Path);
  end;
end;
