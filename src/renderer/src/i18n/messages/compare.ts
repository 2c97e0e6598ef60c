import { messages } from './messages-type'

export const compare = messages({}, {})
