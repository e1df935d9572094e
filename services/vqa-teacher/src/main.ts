/** The vqa teacher sidecar process: configuration from the environment, then serve until SIGTERM. */
import { runModuleService } from '@vprog/module-host';
import { loadConfig } from './config';
import { createVqaTeacherService } from './server';

void runModuleService('vqa-teacher', () => createVqaTeacherService(loadConfig(process.env)));
