/** The classify teacher sidecar process: configuration from the environment, then serve until SIGTERM. */
import { runModuleService } from '@vprog/module-host';
import { loadConfig } from './config';
import { createClassifyTeacherService } from './server';

void runModuleService('classify-teacher', () => createClassifyTeacherService(loadConfig(process.env)));
