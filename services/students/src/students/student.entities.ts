import { PastEnrolmentEntity } from './past-enrolment.entity';
import { StudentTransferEntity } from './student-transfer.entity';
import { StudentEntity } from './student.entity';

/** The student registry's tables, for the students service's entity list. */
export const STUDENT_ENTITIES = [StudentEntity, PastEnrolmentEntity, StudentTransferEntity];
