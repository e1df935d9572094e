/** The loc teacher sidecar process: configuration from the environment, then serve until SIGTERM. */
import { runModuleService } from '@vprog/module-host';
import { loadConfig } from './config';
import { createLocTeacherService } from './server';

void runModuleService('loc-teacher', () => createLocTeacherService(loadConfig(process.env)));
