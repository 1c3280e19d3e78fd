/**
 * What `leakguard pack`, `pack -r`, `--against`, the registry guard and `audit` build on. CLI
 * only: import it lazily (`await import('./release')`), never from a plugin entry; each heavy
 * library inside (js-yaml, ini, smol-toml, tinyglobby, semver) is itself imported on first use.
 */
export { auditPackages, type AuditOptions, type AuditRun, type AuditTarget, type PackageResult, type Since, type VersionResult, type VersionStatus } from './audit'
export { AUDIT_WHAT, type AuditRequest, inShard, parseSpec, runAudit } from './audit-run'
export { type RegistryAuth, registryAuth } from './auth'
export { defaultCacheDir } from './cache-dir'
export { createRegistryClient, type FetchedTarball, type Packument, type PackumentVersion, type RegistryClient, type Resolved } from './client'
export { missingEntries } from './entries'
export { ReleaseError, type ReleaseErrorCode } from './errors'
export { judgeTarget, type RegistryPolicy, type RegistryRefusal } from './guard'
export { compareShipped, createManifest, type FileChange, type Growth, grewPast, MANIFEST_FILE, readManifest, type ShipManifest, type ShippedFile, stringifyManifest } from './manifest'
export { PACK_MARKER, type PackContext, packContext } from './lifecycle'
export { detectManager, type Manager, type ManagerCommands, managerCommand, type ManagerDecision, MANAGERS } from './managers'
export { type PackedTarball, packTarball, type PackOptions } from './pack'
export { type CheckOptions, checkPackage, type PackageOutcome } from './package'
export { redact } from './redact'
export { type SourceRegistry, sourceRegistry } from './source-registry'
export { normalizeRegistry, NPM_PUBLIC_REGISTRY, PUBLIC_REGISTRIES, publishTarget, type PublishTarget } from './target'
export { listWorkspace, type Workspace, type WorkspacePackage } from './workspaces'
