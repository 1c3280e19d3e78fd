import type { CommandSpec } from '../command'
import { audit } from './audit'
import { explain } from './explain'
import { fix } from './fix'
import { init } from './init'
import { pack } from './pack'
import { scan } from './scan'

/** Every command, in the order `leakguard --help` lists them. A new command: its file, and one line here. */
export const COMMANDS: readonly CommandSpec[] = [scan, pack, audit, fix, init, explain]
