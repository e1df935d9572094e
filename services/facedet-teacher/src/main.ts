/** The facedet teacher sidecar process: configuration from the environment, then serve until SIGTERM. */
import { runModuleService } from '@vprog/module-host';
import { loadConfig } from './config';
import { createFacedetTeacherService } from './server';

void runModuleService('facedet-teacher', () => createFacedetTeacherService(loadConfig(process.env)));
